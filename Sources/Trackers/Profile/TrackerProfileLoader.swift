import Foundation
import PostbackCore
import Yams

/// Loads custom tracker profiles from YAML files, with every error at file:line:column.
///
/// ```yaml
/// name: keitaro
/// syntax: ["{x}"]                # {x} [x] [[x]] (x) #x# %x% %%x%% {{x}} ${(x)!} __x__ %7Bx%7D, or names
/// click_param: external_id       # tracking-link parameter holding ClickWall's click id
/// display_name: Keitaro          # the tracker's name in messages
/// case_insensitive_macros: false # true: [[C2]] fills as [[c2]] (Prosper202)
/// source: https://docs.keitaro.io/…  # the page documenting the macros
/// macros:                        # macro name → click_id | tracker_click_id | campaign_id | event |
///   external_id: click_id        #   tracker_event | activity_kind | device_id | time | datetime |
///   subid: tracker_click_id      #   ip | country | payout | amount | currency | txid | random_number |
///   campaign_name: {text: campaign_name}  # status | literal | empty | {constant: "x"} | {value: extra_name} | {text: name}
///   c2: {click_param: c2}        #   | {click_param: name}: what the click link passed in `name`
/// macro_sources: {cnv_status: https://…}  # a macro documented on another page
/// forms: {app-id: "(x)"}         # the syntax the documentation writes a macro in
/// vocabularies:                  # the words a macro sends and how the tracker lets you change them
///   status: {words: {pending: lead, approved: sale}, change: "…", source: https://…}
/// raw_prefix: "_"                # {_name}: the value of {name}, not encoded
/// unknown_macro: literal         # literal | encoded | empty
/// missing_value: empty           # literal | encoded | empty
/// encode_values: true
/// encoding: {space: "%20", keep: "@"}  # a space as %20 or +; characters sent as they are
/// defaults: {payout: "0"}        # macro → the value it sends when the conversion has none
/// money_format: as_given         # as_given | {decimals: 5}: how payout and revenue are written
/// fire_on_statuses: [approved]   # ClickWall statuses that fire a postback (no status = approved)
/// fire_on_statuses_change: "…"  # what the tracker's user does to have it fire for another status
/// zero_payout_statuses: [pending] # ClickWall statuses whose postback carries payout 0
/// split_urls: none               # none | spaces | lines | whitespace: several URLs in one field
/// success: [2xx]                 # answers counted as delivered: 2xx 3xx 4xx 5xx
/// report_upstream: delivery      # delivery | always_success: what the tracker reports after a send
/// method: get                    # get | post
/// timeout: {connect: 5s, total: 10s}
/// retry: {on: [5xx, timeout], max_attempts: 3, delays: [1m, 5m]}
/// user_agent: "Keitaro/9"
/// follow_redirects: false
/// fire_on_repeated_transaction: true
/// postback_percent: 100
/// postbacks: []                  # templates of the profile's own (a scenario's replace them)
/// ```
public enum TrackerProfileLoader {
    /// The keys a profile file may hold.
    public static let keys = [
        "name", "syntax", "click_param", "macros", "raw_prefix", "unknown_macro", "missing_value", "encode_values",
        "method", "timeout", "retry", "user_agent", "follow_redirects", "fire_on_repeated_transaction",
        "postback_percent", "postbacks", "source", "macro_sources", "forms", "vocabularies",
        "display_name", "case_insensitive_macros", "encoding", "defaults", "money_format", "fire_on_statuses",
        "split_urls", "success", "report_upstream", "zero_payout_statuses", "fire_on_statuses_change",
    ]

    /// Loads the profile at `path` (named as given in errors); throws ``ScenarioFileErrors``.
    public static func load(path: String) throws(ScenarioFileErrors) -> TrackerProfile {
        try load(url: URL(fileURLWithPath: path), displayPath: path).get()
    }

    /// Loads the profile at `url`, naming it `displayPath` in errors.
    public static func load(url: URL, displayPath: String) -> Result<TrackerProfile, ScenarioFileErrors> {
        switch YAMLReader.read(url, displayPath: displayPath) {
        case .failure(let error): .failure(ScenarioFileErrors([error]))
        case .success(let reader): load(reader)
        }
    }

    /// Loads a profile from YAML text, naming it `file` in errors.
    public static func load(yaml: String, file: String) -> Result<TrackerProfile, ScenarioFileErrors> {
        load(YAMLReader(file: file, text: yaml))
    }

    static func load(_ reader: YAMLReader) -> Result<TrackerProfile, ScenarioFileErrors> {
        let profile = reader.root().flatMap { decode($0, reader: reader) }
        if let profile, !reader.hasErrors { return .success(profile) }
        return .failure(ScenarioFileErrors(reader.sortedErrors))
    }

    static func decode(_ root: Node, reader: YAMLReader) -> TrackerProfile? {
        guard let map = reader.mapping(root, "tracker profile", allowed: keys) else { return nil }
        let name = map.required("name").flatMap { reader.string($0, "name") }
        let clickParameter = map.required("click_param").flatMap { reader.string($0, "click_param") }
        var profile = TrackerProfile(name: name ?? "", clickParameter: clickParameter ?? "")
        if let node = map.optional("syntax"), let names = reader.stringList(node, "syntax") {
            let items = node.sequence.map(Array.init) ?? [node]
            var syntaxes: [MacroSyntax] = []
            for (index, text) in names.enumerated() {
                if let syntax = MacroSyntax(profileName: text) {
                    syntaxes.append(syntax)
                } else {
                    let message = YAMLReader.badValueMessage(
                        text, what: "syntax", allowed: MacroSyntax.allCases.map(\.example))
                    reader.error(message, at: items.indices.contains(index) ? items[index].mark : node.mark)
                }
            }
            if syntaxes.isEmpty, names.isEmpty {
                reader.error("'syntax' must name at least one macro syntax", at: node.mark)
            }
            profile.macroSyntaxes = syntaxes
        }
        if let node = map.required("macros") { profile.macros = decodeMacros(node, reader: reader) }
        if let node = map.optional("raw_prefix") { profile.rawMacroPrefix = reader.string(node, "raw_prefix") }
        if let node = map.optional("unknown_macro"),
            let value = reader.choice(node, "unknown_macro", as: MacroFallback.self)
        {
            profile.unknownMacro = value
        }
        if let node = map.optional("missing_value"),
            let value = reader.choice(node, "missing_value", as: MacroFallback.self)
        {
            profile.missingValue = value
        }
        if let node = map.optional("encode_values"), let value = reader.bool(node, "encode_values") {
            profile.encodesValues = value
        }
        if let node = map.optional("method"), let text = reader.string(node, "method") {
            if let method = PostbackMethod(rawValue: text.uppercased()) {
                profile.method = method
            } else {
                reader.error(YAMLReader.badValueMessage(text, what: "method", allowed: ["get", "post"]), at: node.mark)
            }
        }
        if let node = map.optional("timeout") { decodeTimeouts(node, into: &profile.timeouts, reader: reader) }
        if let node = map.optional("retry"), let retry = decodeRetry(node, reader: reader) { profile.retry = retry }
        if let node = map.optional("user_agent") { profile.userAgent = reader.string(node, "user_agent") }
        if let node = map.optional("follow_redirects"), let value = reader.bool(node, "follow_redirects") {
            profile.followsRedirects = value
        }
        if let node = map.optional("fire_on_repeated_transaction"),
            let value = reader.bool(node, "fire_on_repeated_transaction")
        {
            profile.firesOnRepeatedTransaction = value
        }
        if let node = map.optional("postback_percent"),
            let value = reader.int(node, "postback_percent", in: 0...100)
        {
            profile.postbackPercent = value
        }
        if let node = map.optional("postbacks"), let templates = reader.stringList(node, "postbacks") {
            profile.postbacks = templates
        }
        if let node = map.optional("source") { profile.source = reader.string(node, "source") }
        if let node = map.optional("case_insensitive_macros"), let value = reader.bool(node, "case_insensitive_macros")
        {
            profile.caseInsensitiveMacros = value
        }
        if let node = map.optional("display_name") { profile.displayName = reader.string(node, "display_name") }
        if let node = map.optional("macro_sources"), let pairs = reader.freeMapping(node, "macro_sources") {
            for pair in pairs {
                if let url = reader.string(pair.value, "macro_sources.\(pair.key)") {
                    profile.macroSources[pair.key] = url
                }
            }
        }
        if let node = map.optional("forms"), let pairs = reader.freeMapping(node, "forms") {
            for pair in pairs {
                guard let text = reader.string(pair.value, "forms.\(pair.key)") else { continue }
                if let syntax = MacroSyntax(profileName: text) {
                    profile.macroForms[pair.key] = syntax
                } else {
                    reader.error(
                        YAMLReader.badValueMessage(
                            text, what: "forms.\(pair.key)", allowed: MacroSyntax.allCases.map(\.example)),
                        at: pair.value.mark)
                }
            }
        }
        if let node = map.optional("vocabularies") { profile.vocabularies = decodeVocabularies(node, reader: reader) }
        decodeSending(map, into: &profile, reader: reader)
        return profile
    }

    /// A list of ClickWall statuses under `key`, each checked; `nil` when the key is absent.
    private static func statusList(_ map: YAMLMapping, _ key: String, reader: YAMLReader) -> Set<String>? {
        guard let node = map.optional(key), let names = reader.stringList(node, key) else { return nil }
        let items = node.sequence.map(Array.init) ?? [node]
        let allowed = ConversionStatus.allCases.map(\.rawValue)
        for (index, name) in names.enumerated() where !allowed.contains(name) {
            reader.error(
                YAMLReader.badValueMessage(name, what: key, allowed: allowed),
                at: items.indices.contains(index) ? items[index].mark : node.mark)
        }
        return Set(names.filter(allowed.contains))
    }

    /// The keys on how values are written and which sends happen and count: `encoding`,
    /// `defaults`, `money_format`, `fire_on_statuses`, `zero_payout_statuses`, `split_urls`, `success`,
    /// `report_upstream`.
    private static func decodeSending(_ map: YAMLMapping, into profile: inout TrackerProfile, reader: YAMLReader) {
        if let node = map.optional("encoding"),
            let encoding = reader.mapping(node, "encoding", allowed: ["space", "keep"])
        {
            if let space = encoding.optional("space"), let text = reader.string(space, "encoding.space") {
                if let value = ValueEncoding.Space(rawValue: text) {
                    profile.valueEncoding.space = value
                } else {
                    reader.error(
                        YAMLReader.badValueMessage(
                            text, what: "encoding.space", allowed: ValueEncoding.Space.allCases.map(\.rawValue)),
                        at: space.mark)
                }
            }
            if let keep = encoding.optional("keep"), let text = reader.string(keep, "encoding.keep") {
                let wrong = text.filter { !ValueEncoding.keepable.contains($0) }
                if wrong.isEmpty {
                    profile.valueEncoding.kept = Set(text)
                } else {
                    reader.error(
                        "'encoding.keep' may hold only ASCII punctuation other than '%', found '\(wrong)'",
                        at: keep.mark)
                }
            }
        }
        if let node = map.optional("defaults"), let pairs = reader.freeMapping(node, "defaults") {
            for pair in pairs {
                guard let text = reader.string(pair.value, "defaults.\(pair.key)") else { continue }
                if profile.macros[pair.key] == nil {
                    let known = profile.macros.keys.sorted().joined(separator: ", ")
                    reader.error(
                        "'defaults' names '\(pair.key)', which is not a macro of this profile (its macros: \(known))",
                        at: pair.keyNode.mark)
                } else {
                    profile.macroDefaults[pair.key] = text
                }
            }
        }
        if let node = map.optional("money_format") {
            if case .mapping = node {
                if let format = reader.mapping(node, "money_format", allowed: ["decimals"]),
                    let decimals = format.required("decimals").flatMap({ reader.int($0, "decimals", in: 0...10) })
                {
                    profile.moneyFormat = .fixed(decimals: decimals)
                }
            } else if let text = reader.string(node, "money_format") {
                if text == "as_given" {
                    profile.moneyFormat = .asGiven
                } else {
                    reader.error(
                        YAMLReader.badValueMessage(text, what: "money_format", allowed: ["as_given", "{decimals: N}"]),
                        at: node.mark)
                }
            }
        }
        if let statuses = statusList(map, "fire_on_statuses", reader: reader) { profile.firingStatuses = statuses }
        if let node = map.optional("fire_on_statuses_change") {
            profile.firingStatusesChange = reader.string(node, "fire_on_statuses_change")
        }
        if let statuses = statusList(map, "zero_payout_statuses", reader: reader) {
            profile.zeroPayoutStatuses = statuses
        }
        if let node = map.optional("split_urls"), let value = reader.choice(node, "split_urls", as: URLSplit.self) {
            profile.urlSplit = value
        }
        if let node = map.optional("success"), let names = reader.stringList(node, "success") {
            let items = node.sequence.map(Array.init) ?? [node]
            var classes: Set<HTTPStatusClass> = []
            for (index, name) in names.enumerated() {
                if let value = HTTPStatusClass(rawValue: name) {
                    classes.insert(value)
                } else {
                    reader.error(
                        YAMLReader.badValueMessage(
                            name, what: "success", allowed: HTTPStatusClass.allCases.map(\.rawValue)),
                        at: items.indices.contains(index) ? items[index].mark : node.mark)
                }
            }
            if names.isEmpty { reader.error("'success' must name at least one class of answers", at: node.mark) }
            profile.successClasses = classes
        }
        if let node = map.optional("report_upstream"),
            let value = reader.choice(node, "report_upstream", as: UpstreamReport.self)
        {
            profile.upstreamReport = value
        }
    }

    private static func decodeMacros(_ node: Node, reader: YAMLReader) -> [String: MacroValue] {
        guard let pairs = reader.freeMapping(node, "macros") else { return [:] }
        var macros: [String: MacroValue] = [:]
        let allowed =
            MacroValue.namedSources.keys.sorted() + ["{constant: …}", "{value: …}", "{text: …}", "{click_param: …}"]
        for pair in pairs {
            let what = "macros.\(pair.key)"
            if case .mapping = pair.value {
                guard let map = reader.mapping(pair.value, what, allowed: ["constant", "value", "text", "click_param"])
                else {
                    continue
                }
                if let constant = map.optional("constant") {
                    if let text = reader.string(constant, "constant") { macros[pair.key] = .constant(text) }
                } else if let name = map.optional("value") {
                    if let text = reader.string(name, "value") { macros[pair.key] = .extra(text) }
                } else if let name = map.optional("text") {
                    if let text = reader.string(name, "text") { macros[pair.key] = .text(text) }
                } else if let name = map.optional("click_param") {
                    if let text = reader.string(name, "click_param") { macros[pair.key] = .clickParameter(text) }
                } else {
                    reader.error("'\(what)' must hold 'constant', 'value', 'text' or 'click_param'", at: map.mark)
                }
                continue
            }
            guard let text = reader.string(pair.value, what) else { continue }
            if let source = MacroValue.namedSources[text] {
                macros[pair.key] = source
            } else {
                reader.error(YAMLReader.badValueMessage(text, what: what, allowed: allowed), at: pair.value.mark)
            }
        }
        return macros
    }

    private static func decodeVocabularies(_ node: Node, reader: YAMLReader) -> [String: ValueVocabulary] {
        guard let pairs = reader.freeMapping(node, "vocabularies") else { return [:] }
        var vocabularies: [String: ValueVocabulary] = [:]
        for pair in pairs {
            let what = "vocabularies.\(pair.key)"
            guard let map = reader.mapping(pair.value, what, allowed: ["words", "change", "source"]) else { continue }
            var words: [String: String] = [:]
            if let wordsNode = map.optional("words"), let wordPairs = reader.freeMapping(wordsNode, "words") {
                for word in wordPairs {
                    if let text = reader.string(word.value, "words.\(word.key)") { words[word.key] = text }
                }
            }
            let change = map.required("change").flatMap { reader.string($0, "change") } ?? ""
            let source = map.optional("source").flatMap { reader.string($0, "source") }
            vocabularies[pair.key] = ValueVocabulary(words: words, change: change, source: source)
        }
        return vocabularies
    }

    private static func decodeTimeouts(_ node: Node, into timeouts: inout TrackerProfile.Timeouts, reader: YAMLReader) {
        guard let map = reader.mapping(node, "timeout", allowed: ["connect", "total"]) else { return }
        if let value = map.optional("connect").flatMap({ reader.duration($0, "connect") }) { timeouts.connect = value }
        if let value = map.optional("total").flatMap({ reader.duration($0, "total") }) { timeouts.total = value }
    }

    private static func decodeRetry(_ node: Node, reader: YAMLReader) -> RetryPolicy? {
        guard let map = reader.mapping(node, "retry", allowed: ["on", "max_attempts", "delays"]) else { return nil }
        var conditions: Set<RetryCondition> = []
        if let onNode = map.required("on"), let names = reader.stringList(onNode, "on") {
            let items = onNode.sequence.map(Array.init) ?? [onNode]
            for (index, text) in names.enumerated() {
                if let condition = RetryCondition(rawValue: text) {
                    conditions.insert(condition)
                } else {
                    let message = YAMLReader.badValueMessage(
                        text, what: "on", allowed: RetryCondition.allCases.map(\.rawValue))
                    reader.error(message, at: items.indices.contains(index) ? items[index].mark : onNode.mark)
                }
            }
        }
        let maxAttempts = map.required("max_attempts").flatMap { reader.int($0, "max_attempts", in: 1...1000) } ?? 1
        var delays: [Duration] = []
        if let delaysNode = map.optional("delays") {
            let items = reader.sequence(delaysNode, "delays") ?? []
            delays = items.compactMap { reader.duration($0, "delays item") }
        }
        return RetryPolicy(conditions: conditions, maxAttempts: maxAttempts, delays: delays)
    }
}
