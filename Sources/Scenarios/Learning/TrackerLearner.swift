import Foundation
import PostbackCore
import Trackers

/// Tells how a sender behaves from the postbacks it sent (any log `replay` reads) and the
/// clicks ClickWall issued: which parameter carries the click id and in what form, what each
/// other parameter holds, encoding, method, User-Agent and how it repeats a conversion.
///
/// Sends of the same request (method, target and body) are one conversion sent again; the
/// answers between them tell why (a retry after a 5xx, or a repeat after an accepted one), their
/// times the delays, divided by ``timeScale``.
public struct TrackerLearner: Sendable {
    public var log: ParsedLog
    public var clicks: [ClickRecord]
    /// The learnt profile's name.
    public var name: String
    /// The factor the sender's delays were run at (a scenario's `time_scale`); 1 for the field.
    public var timeScale: Double
    /// The log's name, for messages.
    public var file: String

    public init(log: ParsedLog, clicks: [ClickRecord], name: String, file: String, timeScale: Double = 1) {
        self.log = log
        self.clicks = clicks
        self.name = name
        self.file = file
        self.timeScale = timeScale
    }

    /// A send as read: the logged postback and its parameters in order.
    struct Sample {
        var postback: LoggedPostback
        var pieces: [(raw: String, rawValue: String, name: String, value: String)]

        init(_ postback: LoggedPostback) {
            self.postback = postback
            var pieces = PostbackURL(postback.target).queryPieces
            if let body = postback.body, !body.isEmpty {
                pieces += PostbackURL("?" + String(decoding: body, as: UTF8.self)).queryPieces
            }
            self.pieces = pieces.map { piece in
                let value = piece.value ?? ""
                return (piece.name, value, Self.decode(piece.name), Self.decode(value))
            }
        }

        static func decode(_ text: String) -> String {
            let spaced = text.replacingOccurrences(of: "+", with: " ")
            return PercentEncoding.decode(spaced) ?? spaced
        }

        func value(_ name: String) -> (raw: String, decoded: String)? {
            pieces.first { $0.name == name }.map { ($0.rawValue, $0.value) }
        }

        var key: String {
            postback.method + " " + postback.target + "\n" + String(decoding: postback.body ?? [], as: UTF8.self)
        }
    }

    /// ClickWall's status word for a tracker's word, from the words trackers are known to send.
    static let statusWords: [String: String] = [
        "pending": "pending", "lead": "pending", "hold": "pending", "new": "pending", "trial": "pending",
        "approved": "approved", "sale": "approved", "approve": "approved", "confirmed": "approved",
        "accepted": "approved", "declined": "declined", "rejected": "declined", "reject": "declined",
        "decline": "declined", "canceled": "declined", "cancelled": "declined",
    ]

    /// The parameters the receiver reads, each filled from the conversion when a sender sends it.
    static let clickWallMeanings: [String: MacroValue] = [
        "payout": .payout, "amount": .amount, "currency": .currency, "status": .status, "event": .event,
        "txid": .txid,
    ]

    /// - Throws: ``ReplayInputError`` when the log holds no postback, or none carries an issued click id.
    public func learn() throws(ReplayInputError) -> LearntTracker {
        let samples = log.postbacks.map(Sample.init)
        guard let first = samples.first else {
            throw ReplayInputError("\(file): no postback to learn from (no request to /postback…)")
        }
        var unknowns: [String] = []
        var findings: [String] = []
        let issued = Set(clicks.map(\.clickID))

        // The click id's parameter and form.
        let click = try clickParameter(samples, issued: issued, unknowns: &unknowns)
        findings.append(click.finding)

        // One conversion per distinct request, in the order first sent.
        var order: [String] = []
        var groups: [String: [Sample]] = [:]
        for sample in samples {
            if groups[sample.key] == nil { order.append(sample.key) }
            groups[sample.key, default: []].append(sample)
        }
        let firstSends = order.compactMap { groups[$0]?.first }

        let differing = samples.filter { Set($0.pieces.map(\.name)) != Set(first.pieces.map(\.name)) }
        if !differing.isEmpty {
            unknowns.append(
                "\(Self.count(differing.count, "postback")) with other parameters than the first (\(log.format.unit) "
                    + "\(differing.prefix(5).map { String($0.postback.line) }.joined(separator: ", "))): "
                    + "the template follows the first")
        }

        // Each parameter of the first postback.
        var parameters: [LearntTracker.Parameter] = []
        var vocabularies: [String: [String: String]] = [:]
        var usedNames: Set<String> = []
        for piece in first.pieces {
            let values = firstSends.compactMap { $0.value(piece.name) }
            var parameter = LearntTracker.Parameter(rawName: piece.raw, name: piece.name, finding: "")
            if piece.name == click.name {
                parameter.macroName = uniqueMacroName(piece.name, used: &usedNames)
                parameter.macroValue = .clickID
                parameter.prefix = click.prefix
                parameter.suffix = click.suffix
                parameter.finding = "the click id"
                parameters.append(parameter)
                continue
            }
            classify(
                &parameter, values: values, clickIDs: firstSends.map { click.clickID(in: $0) },
                vocabulary: &vocabularies, used: &usedNames, unknowns: &unknowns)
            findings.append("\(piece.name): \(parameter.finding)")
            parameters.append(parameter)
        }

        // Encoding of the values that vary.
        let filled = parameters.filter { $0.macroName != nil }.map(\.name)
        let raws = firstSends.flatMap { sample in filled.compactMap { sample.value($0) } }
        let encodes = encoding(raws, findings: &findings, unknowns: &unknowns)

        // Method and User-Agent.
        let methods = Dictionary(grouping: samples.map(\.postback.method), by: { $0 }).mapValues(\.count)
        let method: PostbackMethod = (methods["POST"] ?? 0) > (methods["GET"] ?? 0) ? .post : .get
        if methods.count > 1 {
            unknowns.append(
                "methods differ (\(methods.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)×" }.joined(separator: ", "))): \(method.rawValue) chosen"
            )
        }
        let agents = Dictionary(grouping: samples.compactMap(\.postback.userAgent), by: { $0 }).mapValues(\.count)
        let userAgent = agents.max { $0.value < $1.value }?.key
        if [LogFormat.urls, .har].contains(log.format) && agents.isEmpty {
            unknowns.append("the log does not record the User-Agent: none written")
        } else if agents.count > 1 {
            unknowns.append("\(agents.count) User-Agents seen: the most frequent chosen")
        }
        findings.append(
            "method: \(method.rawValue); User-Agent: \(userAgent.map { "'\($0)'" } ?? "none")")

        // Repeats.
        let retry = retryPolicy(order.compactMap { groups[$0] }, findings: &findings, unknowns: &unknowns)

        // The conversions, with the values the scenario gives them.
        let conversions = order.compactMap { key -> LearntTracker.Conversion? in
            guard let sends = groups[key], let sample = sends.first else { return nil }
            var values: [String: String] = [:]
            for parameter in parameters {
                guard let macro = parameter.macroName, let value = sample.value(parameter.name)?.decoded else {
                    continue
                }
                switch parameter.macroValue {
                case .status:
                    values[macro] = vocabularies[macro]?.first { $0.value == value }?.key ?? value
                case .payout, .amount, .currency, .event, .txid, .extra: values[macro] = value
                default: break
                }
            }
            let clickID = click.clickID(in: sample)
            return LearntTracker.Conversion(
                line: sample.postback.line, campaignID: sample.value("campaign_id")?.decoded,
                clickID: clickID.flatMap { issued.isEmpty || issued.contains($0) ? $0 : nil }, values: values,
                sends: sends.count,
                answers: sends.map { $0.postback.logged?.status }, times: sends.map(\.postback.time),
                lines: sends.map(\.postback.line))
        }
        if firstSends.count == 1 {
            unknowns.append("one conversion: cannot tell constants from values (every parameter is taken as written)")
        }
        unknowns.append(
            "conversions the tracker did not send leave no trace: a postback share below 100 % or dropped repeats "
                + "cannot be told")
        unknowns.append("the tracking link's parameter is not in postbacks: click_param: click_id written")
        let scheme = first.postback.scheme
        if scheme == nil { unknowns.append("the log does not say http or https: https assumed") }
        return LearntTracker(
            name: name, method: method, userAgent: userAgent, encodesValues: encodes,
            origin: "\(scheme ?? "https")://clickwall.net", path: String(first.postback.path),
            parameters: parameters, retry: retry, vocabularies: vocabularies, conversions: conversions,
            unknowns: unknowns, findings: findings)
    }

    /// Where the click id is and how it is written around.
    struct ClickParameter {
        var name: String
        var prefix = ""
        var suffix = ""
        var finding: String

        /// The click id `sample` carries, unwrapped.
        func clickID(in sample: Sample) -> String? {
            guard let value = sample.value(name)?.decoded, value.hasPrefix(Sample.decode(prefix)),
                value.hasSuffix(Sample.decode(suffix)), value.count >= prefix.count + suffix.count
            else { return nil }
            return String(value.dropFirst(Sample.decode(prefix).count).dropLast(Sample.decode(suffix).count))
        }
    }

    private func clickParameter(_ samples: [Sample], issued: Set<String>, unknowns: inout [String])
        throws(ReplayInputError) -> ClickParameter
    {
        guard !issued.isEmpty else {
            unknowns.append("no clicks given (--clicks): the click id is taken to be in click_id")
            return ClickParameter(name: "click_id", finding: "click id: in click_id (assumed: no clicks given)")
        }
        var names: [String] = []
        for sample in samples {
            for piece in sample.pieces where !names.contains(piece.name) { names.append(piece.name) }
        }
        // As issued: the parameter whose value is an issued click id most often.
        let exact = names.map { name in
            (name, samples.filter { $0.value(name).map { issued.contains($0.decoded) } ?? false }.count)
        }
        if let best = exact.max(by: { $0.1 < $1.1 }), best.1 > 0 {
            let share = "\(best.1) of \(samples.count) postbacks"
            if best.1 < samples.count {
                unknowns.append(
                    "\(Self.count(samples.count - best.1, "postback")) without an issued click id in \(best.0): the scenario sends only those with one"
                )
            }
            return ClickParameter(name: best.0, finding: "click id: in \(best.0), as issued (\(share))")
        }
        // Wrapped: an issued id inside the value, the same text around it every time.
        let probe = samples.prefix(200)
        for name in names {
            var around: Set<[String]> = []
            var found = 0
            for sample in probe {
                guard let (raw, value) = sample.value(name) else { continue }
                for id in issued where value.contains(id) {
                    guard let range = raw.range(of: id) else { continue }
                    around.insert([String(raw[..<range.lowerBound]), String(raw[range.upperBound...])])
                    found += 1
                    break
                }
            }
            if found > 0, around.count == 1, let wrap = around.first {
                return ClickParameter(
                    name: name, prefix: wrap[0], suffix: wrap[1],
                    finding:
                        "click id: in \(name), wrapped as '\(wrap[0])<click id>\(wrap[1])' (\(Self.count(found, "postback")))"
                )
            }
            // Base64: no profile macro sends that.
            let encoded = probe.filter { sample in
                guard let value = sample.value(name)?.decoded, let data = Data(base64Encoded: value) else {
                    return false
                }
                return issued.contains(String(decoding: data, as: UTF8.self))
            }
            if !encoded.isEmpty {
                throw ReplayInputError(
                    "\(file): the click id is sent Base64-encoded in \(name): no tracker profile macro sends that, "
                        + "so no profile can be learnt")
            }
        }
        throw ReplayInputError(
            "\(file): no parameter of the postbacks carries a click id of the clicks file (as issued, wrapped or "
                + "encoded); check that the clicks file lists the clicks these postbacks answer")
    }

    private func uniqueMacroName(_ name: String, used: inout Set<String>) -> String {
        var base = String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" ? $0 : "_" })
        if base.isEmpty { base = "value" }
        var candidate = base
        var number = 2
        while used.contains(candidate) {
            candidate = "\(base)_\(number)"
            number += 1
        }
        used.insert(candidate)
        return candidate
    }

    private func classify(
        _ parameter: inout LearntTracker.Parameter, values: [(raw: String, decoded: String)], clickIDs: [String?],
        vocabulary: inout [String: [String: String]], used: inout Set<String>, unknowns: inout [String]
    ) {
        let name = parameter.name
        let decoded = values.map(\.decoded)
        let distinct = Set(decoded)
        let shapes = Set(decoded.map(ValueShape.init))
        let lower = name.lowercased()
        func macro(_ value: MacroValue, _ finding: String) {
            parameter.macroName = uniqueMacroName(name, used: &used)
            parameter.macroValue = value
            parameter.finding = finding
        }
        func literal(_ finding: String) {
            parameter.literal = values.first?.raw ?? ""
            parameter.finding = finding
        }
        let shapeText = shapes.map(\.description).sorted().joined(separator: " or ")

        if let meaning = Self.clickWallMeanings[name] {
            if meaning == .status {
                status(&parameter, decoded: distinct, vocabulary: &vocabulary, used: &used)
            } else if (meaning == .payout || meaning == .amount), shapes.contains(where: { $0.isComma }) {
                macro(.extra(name), "money with a decimal comma (\(shapeText)): ClickWall reads only '.'")
            } else {
                macro(meaning, "ClickWall's \(name), filled from the conversion (\(shapeText))")
            }
            return
        }
        if name == "campaign_id" {
            distinct.count > 1
                ? macro(.campaignID, "the campaign id") : literal("the campaign id, '\(decoded.first ?? "")'")
            return
        }
        // Values the simulators derive from the click id; told from the values of two clicks or
        // more, even when they happen to be equal (a country drawn from a short list).
        let pairs = zip(decoded, clickIDs)
        func derived(_ make: (String) -> String) -> Bool {
            pairs.allSatisfy { value, click in click.map { make($0) == value } ?? false }
        }
        if Set(clickIDs.compactMap { $0 }).count > 1 {
            if derived(MacroValue.trackerClickID(for:)) { return macro(.trackerClickID, "the tracker's own click id") }
            if derived(MacroValue.deviceID(for:)) { return macro(.deviceID, "a device id (UUID)") }
            if derived(MacroValue.ipAddress(for:)) { return macro(.ipAddress, "the user's IP address") }
            if derived(MacroValue.countryCode(for:)) { return macro(.countryCode, "the user's country") }
        }
        if distinct.count == 1 {
            if values.count == 1 {
                literal("'\(decoded[0])', taken as written (one sample)")
            } else {
                literal("constant '\(decoded[0])' (\(values.count) conversions)")
            }
            return
        }
        if let dash = decoded[0].lastIndex(of: "-") {
            let prefix = String(decoded[0][..<dash])
            for candidate in [prefix.replacingOccurrences(of: "-", with: "_"), prefix, name]
            where derived({ MacroValue.text(named: candidate, for: $0) }) {
                return macro(.text(candidate), "a text value, '\(prefix)-' and 8 hex digits per click")
            }
        }
        let moneyNames = ["payout", "revenue", "amount", "sum", "price", "profit", "value"]
        if shapes.allSatisfy(\.isNumber), moneyNames.contains(where: lower.contains) {
            if shapes.contains(where: { $0.isComma }) {
                return macro(.extra(name), "money with a decimal comma (\(shapeText))")
            }
            return macro(lower.contains("payout") ? .payout : .amount, "money (\(shapeText))")
        }
        if lower.contains("status") || distinct.allSatisfy({ Self.statusWords[$0] != nil }) {
            return status(&parameter, decoded: distinct, vocabulary: &vocabulary, used: &used)
        }
        if lower.contains("event") || lower == "goal" || lower == "et" {
            return macro(.event, "the event: \(distinct.sorted().joined(separator: ", "))")
        }
        if ["txid", "tid", "transaction", "order"].contains(where: lower.contains) {
            return macro(.txid, "a transaction id (\(shapeText))")
        }
        if shapes == [.currency] { return macro(.currency, "a currency code") }
        if shapes == [.unixTime] { return macro(.unixTime, "a time, Unix seconds") }
        if shapes == [.dateTime] { return macro(.dateTime, "a time, ISO 8601") }
        if shapes == [.ipAddress] { return macro(.ipAddress, "an IP address") }
        if shapes == [.uuid] { return macro(.deviceID, "a device id (UUID)") }
        if shapes == [.country] { return macro(.countryCode, "a country code") }
        macro(.extra(name), "varies (\(shapeText)): the scenario gives each conversion's value")
    }

    private func status(
        _ parameter: inout LearntTracker.Parameter, decoded: Set<String>, vocabulary: inout [String: [String: String]],
        used: inout Set<String>
    ) {
        parameter.macroName = uniqueMacroName(parameter.name, used: &used)
        parameter.macroValue = .status
        let words = decoded.sorted()
        var mapped: [String: String] = [:]
        for word in words {
            if let clickWall = Self.statusWords[word], clickWall != word, mapped[clickWall] == nil {
                mapped[clickWall] = word
            }
        }
        if !mapped.isEmpty, let name = parameter.macroName { vocabulary[name] = mapped }
        let foreign = words.filter { !["pending", "approved", "declined"].contains($0) }
        parameter.finding =
            "a status, words: \(words.joined(separator: ", "))"
            + (foreign.isEmpty ? "" : " (not ClickWall's: \(foreign.joined(separator: ", ")))")
    }

    private func encoding(
        _ raws: [(raw: String, decoded: String)], findings: inout [String], unknowns: inout [String]
    ) -> Bool {
        let encoded = raws.filter { $0.raw != $0.decoded }
        let plain = raws.filter { raw in
            raw.raw.unicodeScalars.contains {
                !(PercentEncoding.encode(String($0)) == String($0)) && $0 != "%" && $0 != "+"
            }
        }
        let plus = raws.contains { $0.raw.contains("+") && $0.decoded.contains(" ") }
        switch (encoded.isEmpty, plain.isEmpty) {
        case (false, true):
            let rfc = encoded.allSatisfy { PercentEncoding.encode($0.decoded) == $0.raw }
            findings.append(
                "values percent-encoded" + (plus ? ", space as '+' (the profile writes %20)" : "")
                    + (rfc ? " (RFC 3986: only A-Z a-z 0-9 - . _ ~ kept)" : " (not every reserved character)"))
            if plus { unknowns.append("spaces are sent as '+': a profile encodes them as %20") }
            return true
        case (true, false):
            findings.append("values sent as they are, not encoded ('\(plain[0].raw.prefix(40))')")
            return false
        case (false, false):
            unknowns.append("some values are encoded and some are not: encode_values: true chosen")
            return true
        case (true, true):
            unknowns.append(
                "no value holds a character that needs encoding: cannot tell whether values are encoded (encode_values: true written)"
            )
            return true
        }
    }

    private func retryPolicy(_ groups: [[Sample]], findings: inout [String], unknowns: inout [String]) -> RetryPolicy {
        var conditions: Set<RetryCondition> = []
        var delays: [[Double]] = []
        var gaveUp: [Int] = []
        var repeatsAfterSuccess = 0
        var failedOnce = 0
        var unknownAnswers = false
        for sends in groups {
            let answers = sends.map { $0.postback.logged?.status }
            if sends.count == 1, let status = answers[0], status >= 500 { failedOnce += 1 }
            guard sends.count > 1 else { continue }
            var retried = false
            for index in 1..<sends.count {
                switch answers[index - 1] {
                case let status? where (500...599).contains(status):
                    conditions.insert(.serverError)
                    retried = true
                case let status? where (200...299).contains(status): repeatsAfterSuccess += 1
                case .some:
                    conditions.insert(.anyFailure)
                    retried = true
                case nil: unknownAnswers = true
                }
                if let before = sends[index - 1].postback.time, let after = sends[index].postback.time {
                    while delays.count < index { delays.append([]) }
                    delays[index - 1].append(max(0, after.timeIntervalSince(before)) / timeScale)
                }
            }
            if retried, let last = answers.last ?? nil, !(200...299).contains(last) { gaveUp.append(sends.count) }
        }
        if repeatsAfterSuccess > 0 {
            findings.append(
                "repeats: \(Self.count(repeatsAfterSuccess, "send")) repeat a conversion that was already answered 2xx")
        }
        if unknownAnswers {
            unknowns.append("the log does not record answers: cannot tell why a postback was sent again")
        }
        if conditions.contains(.anyFailure) { conditions = [.anyFailure] }
        guard !conditions.isEmpty else {
            if failedOnce > 0 {
                findings.append("retries: none (\(Self.count(failedOnce, "postback")) answered 5xx not sent again)")
            } else {
                unknowns.append("no failed answer and no repeat seen: retry policy unknown (none written)")
            }
            unknowns.append("retries after a timeout or a failed connection leave no trace in the log: not learnt")
            return .never
        }
        // Waits and latencies only ever add to a gap, and trackers' delays never shrink from one
        // attempt to the next: the delay after an attempt is the shortest gap seen after it or later.
        var shortest = delays.filter { !$0.isEmpty }.map { $0.min() ?? 0 }
        for index in shortest.indices.reversed().dropFirst() {
            shortest[index] = min(shortest[index], shortest[index + 1])
        }
        // Under a time scale, a second of wall-clock lag (a loaded machine) reads as 1/scale
        // seconds of delay: that much lateness is allowed on top of the 20 %.
        let lag = timeScale < 1 ? (1 - timeScale) / timeScale : 0
        let retryDelays = shortest.map { Self.snap($0, lateBy: lag) }
        var compact = retryDelays
        while compact.count > 1, compact[compact.count - 1] == compact[compact.count - 2] { compact.removeLast() }
        let longest = groups.map(\.count).max() ?? 1
        let maxAttempts = gaveUp.max() ?? longest
        if gaveUp.isEmpty {
            unknowns.append(
                "every retried postback was answered in the end: at least \(longest) sends, the most it makes not seen")
        }
        if retryDelays.isEmpty { unknowns.append("the log has no times: retry delays unknown") }
        unknowns.append("retries after a timeout or a failed connection leave no trace in the log: not learnt")
        let on = conditions.map(\.rawValue).sorted().joined(separator: ", ")
        findings.append(
            "retries: on \(on), \(maxAttempts) sends in all, delays \(compact.map(LearntTracker.duration).joined(separator: ", "))"
                + (timeScale == 1 ? "" : " (measured delays divided by --time-scale \(timeScale))"))
        return RetryPolicy(conditions: conditions, maxAttempts: maxAttempts, delays: compact)
    }

    /// `3 postbacks`, `1 postback`.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// Delays trackers configure: 1–45 s, 1–45 min, 1–24 h, 1–7 d.
    static let commonDelays: [Double] = {
        let steps: [Double] = [1, 2, 3, 5, 10, 15, 20, 30, 45]
        return steps + steps.map { $0 * 60 } + [1, 2, 3, 4, 6, 8, 12, 24].map { $0 * 3_600 }
            + (2...7).map { Double($0) * 86_400 }
    }()

    /// `seconds` as the common delay it overshoots by at most 20 % or `lateBy` seconds (a send is
    /// late, never early), else rounded to the largest unit that writes it within 5 %.
    static func snap(_ seconds: Double, lateBy: Double = 0) -> Duration {
        if let common = commonDelays.last(where: { $0 <= seconds * 1.05 }),
            seconds <= common * 1.2 || seconds - common <= lateBy
        {
            return .milliseconds(Int64((common * 1000).rounded()))
        }
        for size in [86_400.0, 3_600, 60, 1, 0.001] {
            let count = (seconds / size).rounded()
            if count >= 1, abs(count * size - seconds) <= 0.05 * seconds {
                return .milliseconds(Int64((count * size * 1000).rounded()))
            }
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

extension ValueShape {
    fileprivate var isComma: Bool {
        if case .money(_, let separator) = self { return separator == "," }
        return false
    }
}
