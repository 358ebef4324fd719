import Foundation
import PostbackCore

/// One pass of ``TemplateLint`` over a template, collecting findings in order.
struct LintRun {
    let lint: TemplateLint
    private(set) var findings: [LintFinding] = []
    /// Set once `&amp;` was reported, so that `amp;click_id` is not reported again as a rename.
    private var reportedEntity = false
    /// Set when the separators a split field leaves inside the URL were already reported: they
    /// are not reported again as whitespace or line breaks.
    var separatorsReported = false

    init(lint: TemplateLint) {
        self.lint = lint
    }

    var tracker: String { lint.trackerName }

    mutating func append(_ finding: LintFinding) {
        findings.append(finding)
    }

    private mutating func add(_ code: LintCode, parameter: String? = nil, _ problem: String, fix: String) {
        findings.append(LintFinding(code: code, parameter: parameter, problem: problem, fix: fix))
    }

    mutating func check(_ template: String) {
        var url = checkWhitespace(template)
        let lowered = url.lowercased()
        if lint.profile.capturesCallbacks {
            switch ClickLinkCallback.form(of: url) {
            case .clickLink(let link):
                checkClickLink(link)
                return
            case .encoded(let raw, let decoded):
                checkEncodedPlaceholder(raw)
                url = decoded
            case .callback:
                break
            }
        } else if lowered.hasPrefix("https%3a%2f%2f") || lowered.hasPrefix("http%3a%2f%2f") {
            add(
                .encodedURL,
                "the whole URL is percent-encoded ('\(String(url.prefix(16)))…'): that is the form for carrying it inside "
                    + "another URL (an Adjust click link's install_callback), not for the postback field.",
                fix:
                    "paste the URL decoded once: \(PercentEncoding.decode(url).map { "'\($0)'" } ?? "starting with https://")."
            )
            url = PercentEncoding.decode(url) ?? url
        }
        let shape = PostbackURL(url)
        checkShape(shape)
        checkQuery(shape)
    }

    // MARK: Callbacks on a click link (Adjust)

    /// Each callback of an Adjust click link, linted as the callback Adjust reads from it; a
    /// callback that is not encoded and lost its `&…` parameters to the link is reported first.
    private mutating func checkClickLink(_ link: String) {
        let pieces = PostbackURL(link).queryPieces.map(\.text)
        func name(_ piece: String) -> String { String(piece.prefix { $0 != "=" }) }
        var index = 0
        while index < pieces.count {
            let parameter = name(pieces[index])
            guard CapturedClick.isCallbackParameter(parameter) else {
                index += 1
                continue
            }
            var raw = String(pieces[index].dropFirst(parameter.count + 1))
            index += 1
            let callback: String
            if raw.contains("://") || raw.contains("?") {
                // Not encoded: what follows, up to the next callback, was meant to be part of it.
                var lost: [String] = []
                while index < pieces.count, !CapturedClick.isCallbackParameter(name(pieces[index])) {
                    lost.append(pieces[index])
                    index += 1
                }
                if !lost.isEmpty {
                    let whole = raw + "&" + lost.joined(separator: "&")
                    add(
                        .unencodedCallback, parameter: parameter,
                        "\(parameter) is not URL-encoded: \(tracker) splits the click link at every '&', so the "
                            + "callback keeps only '\(raw)', and '\(lost.joined(separator: "&"))' become parameters "
                            + "of the click link itself: the postback arrives without them.",
                        fix: "encode the callback, keeping ClickWall's {click_id} raw: \(parameter)="
                            + "\(ClickLinkCallback.encoded(whole)).")
                    raw = whole
                }
                callback = raw
            } else {
                checkEncodedPlaceholder(raw)
                callback = PercentEncoding.decode(raw) ?? raw
            }
            var run = LintRun(lint: lint)
            run.check(callback)
            for var finding in run.findings {
                finding.problem = "in \(parameter): " + finding.problem
                append(finding)
            }
        }
    }

    /// `%7Bclick_id%7D` in an encoded callback: ClickWall fills only the raw `{click_id}`.
    private mutating func checkEncodedPlaceholder(_ raw: String) {
        guard ClickLinkCallback.hasEncodedPlaceholder(raw) else { return }
        add(
            .encodedMacro, parameter: ClickWallParameter.clickID,
            "'%7Bclick_id%7D' is ClickWall's placeholder encoded with the rest of the callback: ClickWall fills "
                + "only the raw {click_id} when the user clicks, so \(tracker) decodes it and sends '{click_id}' as "
                + "written, and every postback is rejected (unsubstituted_macro).",
            fix: "leave {click_id} unencoded inside the encoded callback: …%26click_id%3D{click_id}.")
    }

    // MARK: Whitespace and URL shape

    /// Reports line breaks and whitespace; returns the template without line breaks and trimmed.
    private mutating func checkWhitespace(_ template: String) -> String {
        var url = template
        if separatorsReported {
            url.removeAll { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        } else if url.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            add(
                .lineBreak,
                "the template holds a line break: it was pasted over several lines, and the tracker either cuts it "
                    + "there or sends a URL that ClickWall cannot read.",
                fix: "paste it again as one line.")
            url.removeAll { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        }
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        if trimmed != url {
            add(
                .whitespace,
                "the template starts or ends with whitespace, which some trackers send as part of the URL.",
                fix: "remove the spaces around the URL.")
            url = trimmed
        }
        // Spaces inside a macro's argument (`{status:lead=pending sale=approved}`) are the tracker's.
        let outsideMacros = lint.profile.macroTemplate(url).render { token in
            token.argument == nil ? token.text : String(repeating: "x", count: token.text.count)
        }
        if !separatorsReported,
            let offset = outsideMacros.firstIndex(where: { $0 == " " || $0 == "\t" }).map({
                outsideMacros.distance(from: outsideMacros.startIndex, to: $0)
            })
        {
            let space = url.index(url.startIndex, offsetBy: offset)
            let parameter = QueryPiece.parameterName(at: space, in: url)
            let place = parameter.map { "in parameter '\($0)'" } ?? "at character \(offset + 1)"
            add(
                .whitespace, parameter: parameter,
                "a \(url[space] == "\t" ? "tab" : "space") \(place): an unencoded space breaks the request line, so "
                    + "the postback is refused or cut short before ClickWall reads it.",
                fix: "remove it, or write it as %20 if the value really holds a space.")
        }
        return url
    }

    private mutating func checkShape(_ shape: PostbackURL) {
        let guide = "https://\(TemplateLint.clickWallHost)\(TemplateLint.postbackPath)?campaign_id=…&click_id=…"
        switch shape.scheme {
        case nil:
            add(
                .missingScheme, "the template has no 'https://' in front: the tracker cannot send it.",
                fix: "start it with https://\(TemplateLint.clickWallHost), as the dashboard gives it: \(guide).")
        case "https":
            break
        case "http":
            add(
                .insecureScheme,
                "the template uses http:// where ClickWall's guide gives https://: the postback travels unencrypted "
                    + "and depends on a redirect that trackers such as Adjust do not follow.",
                fix: "use https://\(TemplateLint.clickWallHost)\(TemplateLint.postbackPath).")
        case let scheme?:
            add(.missingScheme, "the scheme '\(scheme)' is not https.", fix: "start the URL with https://.")
        }
        if let host = shape.host, host.lowercased() != TemplateLint.clickWallHost {
            add(
                .wrongHost,
                "the host '\(host)' is not ClickWall's: the postback goes somewhere else and ClickWall never sees "
                    + "the conversion.",
                fix: "use the host \(TemplateLint.clickWallHost), exactly as the dashboard's postback URL has it.")
        }
        if let port = shape.port {
            let standard = shape.scheme == "http" ? "80" : "443"
            if port != standard {
                add(
                    .wrongPort,
                    "the URL names port \(port.isEmpty ? "(empty)" : port): ClickWall listens only on \(standard) for "
                        + "\(shape.scheme ?? "https"), so the postback never arrives (the connection fails).",
                    fix: "remove ':\(port)' from the URL, exactly as the dashboard's postback URL has it.")
            }
        }
        if shape.host != nil || shape.scheme != nil, shape.path != TemplateLint.postbackPath {
            let seen = shape.path.isEmpty ? "no path" : "the path '\(shape.path)'"
            var problem = "the template has \(seen), not \(TemplateLint.postbackPath)"
            if shape.path.lowercased().trimmingSuffix("/") == TemplateLint.postbackPath {
                problem += " (paths are exact: case and trailing '/' matter)"
            }
            add(
                .wrongPath, problem + ": ClickWall receives postbacks only there.",
                fix: "use the path \(TemplateLint.postbackPath).")
        }
        if let fragment = shape.fragment {
            add(
                .fragment,
                "'#\(fragment.prefix(24))' starts a fragment: everything after '#' stays in the tracker and is never "
                    + "sent.",
                fix: "remove the '#', or write it as %23 inside a value.")
        }
    }

    // MARK: Query

    private mutating func checkQuery(_ url: PostbackURL) {
        let query = url.query ?? ""
        if query.range(of: "?") != nil {
            add(
                .secondQuestionMark,
                "the query holds a second '?': the parameter after it becomes part of the previous value, so "
                    + "ClickWall does not see it.",
                fix: "separate parameters with '&'; only the first one follows '?'.")
        }
        let lowered = query.lowercased()
        if lowered.contains("&amp;") || lowered.contains("&#38;") || lowered.contains("&#038;") {
            reportedEntity = true
            add(
                .htmlEntity,
                "the template holds '&amp;': it was copied from an HTML page, and the parameter after it arrives "
                    + "as 'amp;…', so ClickWall does not find it.",
                fix: "replace every '&amp;' with '&'.")
        }
        let pieces = QueryPiece.pieces(of: url)
        var seen: Set<String> = []
        var reportedRepeats: Set<String> = []
        for piece in pieces {
            if piece.rawValue == nil, !piece.name.isEmpty {
                add(
                    .bareParameter, parameter: piece.name,
                    "'\(piece.name)' has no '=': an unencoded '&' inside a value cut it off, or a parameter lost its "
                        + "value.",
                    fix: "write an '&' inside a value as %26, or give '\(piece.name)' its value.")
            }
            if !seen.insert(piece.name).inserted, reportedRepeats.insert(piece.name).inserted {
                add(
                    .repeatedParameter, parameter: piece.name,
                    "'\(piece.name)' appears more than once: ClickWall rejects the postback (malformed_request).",
                    fix: "keep one '\(piece.name)'.")
            }
        }
        let parameters = pieces.map { QueryParameter(name: $0.name, value: $0.value) }
        let campaign = pieces.first { $0.name == "campaign_id" }
        var click = pieces.first { $0.name == "click_id" }
        if campaign == nil { reportMissing("campaign_id", in: parameters) }
        if click == nil, let hinted = reportMissing("click_id", in: parameters) {
            click = pieces.first { $0.name == hinted }
        }
        reportRenamedUsedParameters(pieces)
        reportCampaignNeeds(pieces)
        for piece in pieces {
            checkEncoding(piece)
            if piece.name == click?.name {
                checkClickID(piece)
            } else if piece.name == "campaign_id" {
                checkCampaignID(piece)
            } else {
                checkMacros(piece)
                checkFixedValue(piece)
            }
        }
    }

    /// Reports `name` missing, with the best hint; returns the parameter the hint points at.
    @discardableResult
    private mutating func reportMissing(_ name: String, in parameters: [QueryParameter]) -> String? {
        let example = name == "click_id" ? "click_id=\(lint.suggestedClickMacro)" : "campaign_id=<your campaign id>"
        guard let hint = ParameterHint.forMissing(name, in: parameters) else {
            add(
                .missingParameter, parameter: name,
                "\(name) is missing: ClickWall rejects every postback without it (missing_parameter).",
                fix: "add '&\(example)', exactly as the dashboard's postback URL has it.")
            return nil
        }
        switch hint.kind {
        case .htmlEntity:
            if !reportedEntity {
                reportedEntity = true
                add(
                    .htmlEntity, parameter: hint.found,
                    "'\(hint.found)' is '\(name)' behind an '&amp;' copied from an HTML page: ClickWall does not "
                        + "find \(name).",
                    fix: "replace '&amp;' with '&'.")
            }
            return hint.found
        case .swapped:
            add(
                .swappedParameter, parameter: hint.found,
                "the template has '\(hint.found)=\(name)': name and macro are swapped, so ClickWall finds no \(name).",
                fix: "write '\(name)=\(hint.found)'.")
            return nil
        case .nearMiss, .alias:
            add(
                .renamedParameter, parameter: hint.found,
                "the template has '\(hint.found)' where ClickWall reads '\(name)': parameter names are exact and "
                    + "case-sensitive, so the postback is rejected (missing_parameter).",
                fix: "rename '\(hint.found)' to '\(name)'.")
            return hint.found
        }
    }

    /// What the campaign needs beyond the two ids, when `check` was told: `amount` for a cps
    /// campaign, `event` for a multi-event (cpa) one, `status` for conversions that are not approved.
    /// A parameter present under a near-miss name was already reported as renamed.
    private mutating func reportCampaignNeeds(_ pieces: [QueryPiece]) {
        let present = Set(pieces.map { ParameterHint.intendedName(for: $0.name) ?? $0.name })
        var needs: [(name: String, kind: MacroValue.Kind, why: String)] = []
        if lint.campaignType == .cps {
            needs.append(("amount", .money, "a cps campaign needs the sale amount"))
        }
        if lint.campaignType == .cpa {
            needs.append(("event", .event, "a multi-event (cpa) campaign needs the event's name"))
        }
        for (name, kind, why) in needs where !present.contains(name) {
            add(
                .missingParameter, parameter: name,
                "\(name) is missing: \(why), so ClickWall rejects every postback without it (missing_parameter).",
                fix: "add \(name) to the URL: " + kindFix(kind, excluding: ""))
        }
        if let status = lint.status, status != .approved, !present.contains("status") {
            add(
                .missingParameter, parameter: "status",
                "status is missing: ClickWall records a postback without it as the campaign's default status "
                    + "(approved), so a \(status.rawValue) conversion is counted and paid as approved.",
                fix: "add status to the URL: " + kindFix(.status, excluding: ""))
        }
    }

    /// `Payout` for `payout`, `amp;event` for `event`: used parameters under a wrong name.
    private mutating func reportRenamedUsedParameters(_ pieces: [QueryPiece]) {
        let names = Set(pieces.map(\.name))
        for piece in pieces {
            guard let intended = ParameterHint.intendedName(for: piece.name),
                intended != "campaign_id", intended != "click_id", !names.contains(intended)
            else { continue }
            if Self.hasEntityPrefix(piece.name) {
                if reportedEntity { continue }
                reportedEntity = true
                add(
                    .htmlEntity, parameter: piece.name,
                    "'\(piece.name)' is '\(intended)' behind an '&amp;' copied from an HTML page.",
                    fix: "replace '&amp;' with '&'.")
                continue
            }
            add(
                .renamedParameter, parameter: piece.name,
                "the template has '\(piece.name)' where ClickWall reads '\(intended)': names are exact and "
                    + "case-sensitive, so ClickWall ignores it.",
                fix: "rename '\(piece.name)' to '\(intended)'.")
        }
    }
}

extension LintRun {
    /// `amp;name`, `amp%3Bname`, `#38;name`: a name behind an `&amp;` copied from HTML.
    static func hasEntityPrefix(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["amp;", "amp%3b", "#38;", "#038;"].contains { lowered.hasPrefix($0) }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
