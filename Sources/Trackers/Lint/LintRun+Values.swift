import PostbackCore

extension LintRun {
    /// The macros of one value as this tracker sees them.
    struct ValueMacros {
        /// Macros in the tracker's syntaxes that it fills, with what it fills them with.
        var known: [(token: MacroToken, source: MacroValue)] = []
        /// Macros it does not fill, as written: in its own syntaxes or in any other.
        var unknown: [(text: String, name: String)] = []
        /// `%7Bname%7D` where the tracker fills only `{name}`.
        var encoded: [(text: String, name: String)] = []
        var isEmpty: Bool { known.isEmpty && unknown.isEmpty && encoded.isEmpty }
    }

    func macros(in rawValue: String) -> ValueMacros {
        var result = ValueMacros()
        let profile = lint.profile
        let template = profile.macroTemplate(rawValue)
        for token in template.macros {
            if let source = source(of: token.name) {
                result.known.append((token, source))
            } else {
                result.unknown.append((token.text, token.name))
            }
        }
        var rest = template.render { _ in " " }
        if !profile.macroSyntaxes.contains(.encodedBraces) {
            let encoded = MacroTemplate(rest, syntaxes: [.encodedBraces])
            result.encoded = encoded.macros.map { ($0.text, $0.name) }
            rest = encoded.render { _ in " " }
        }
        let decoded = PercentEncoding.decode(rest) ?? rest
        for macro in MacroDetector.macros(in: decoded) where !macro.isPercentEncoded {
            result.unknown.append((macro.text, macro.name))
        }
        return result
    }

    /// Where the tracker takes the value of macro `name` from, if it knows it.
    func source(of name: String) -> MacroValue? {
        let profile = lint.profile
        if let source = profile.macro(named: name)?.value { return source }
        if let prefix = profile.rawMacroPrefix, !prefix.isEmpty, name.hasPrefix(prefix) {
            return profile.macro(named: String(name.dropFirst(prefix.count)))?.value
        }
        return nil
    }

    /// The macros the tracker fills, in its documented form, those giving what `parameter` needs
    /// first (money macros for `payout`, the click-id macro for `click_id`), then the rest sorted;
    /// device ids, times and other descriptive values are offered only where nothing fits.
    /// (A parameter ClickWall does not read takes any value: every macro with a value kind first.)
    func suggestedMacros(for parameter: String) -> [String] {
        let profile = lint.profile
        let filled = profile.macros.filter { $0.value != .literal && $0.value != .empty }
        let needed = MacroValue.kind(neededBy: parameter)
        func rank(_ source: MacroValue) -> Int {
            if parameter == "click_id" { return source == .clickID ? 0 : 3 }
            if let needed, source.kind == needed { return 0 }
            if needed == .event, source == .trackerEvent { return 1 }
            if source.kind != nil { return needed == nil ? 0 : 2 }
            return 3
        }
        let ranked = filled.sorted { left, right in
            let (a, b) = (rank(left.value), rank(right.value))
            return a != b ? a < b : left.key < right.key
        }
        let best = ranked.first.map { rank($0.value) } ?? 3
        // What fits, when something does; else everything, fitting kinds first.
        return ranked.filter { rank($0.value) <= (best == 0 ? 1 : 3) }.map { profile.documentedForm(of: $0.key) }
    }

    /// What the suggested click macro is, for a fix.
    var clickMacroRole: String {
        lint.profile.capturesCallbacks
            ? "ClickWall's own placeholder, left raw in the callback on the click link so that ClickWall fills "
                + "it when the user clicks"
            : "the click id \(tracker) captured from ClickWall's tracking link"
    }

    // MARK: Checks per parameter

    /// `%25XX`: a value or name encoded twice.
    mutating func checkEncoding(_ piece: QueryPiece) {
        let raw = piece.rawName + "=" + (piece.rawValue ?? "")
        guard Self.hasDoubleEncoding(raw) else { return }
        let used = PostbackRules.isUsedParameter(piece.name)
        let once = piece.rawValue.flatMap { PercentEncoding.decode($0) } ?? piece.value
        append(
            LintFinding(
                code: .doubleEncoded, severity: used ? .error : .warning, parameter: piece.name,
                problem: "'\(piece.name)' is encoded twice ('\(piece.rawValue ?? "")'): '%25' is an encoded '%', so "
                    + "ClickWall decodes it to '\(once)' and not to the value meant"
                    + (used ? ", and rejects the postback." : "."),
                fix: "encode the value once: write '\(PercentEncoding.decode(once) ?? once)' in the template."))
    }

    mutating func checkClickID(_ piece: QueryPiece) {
        let name = piece.name
        let suggestion = lint.suggestedClickMacro
        guard let raw = piece.rawValue, !raw.isEmpty else {
            append(
                LintFinding(
                    code: .emptyValue, parameter: name,
                    problem: "\(name) has no value: every postback arrives without a click id and is rejected "
                        + "(missing_parameter).",
                    fix: "put \(suggestion) there: \(name)=\(suggestion)."))
            return
        }
        let found = macros(in: raw)
        reportEncoded(found, parameter: name, used: true)
        // Adjust: ClickWall fills its own placeholder on the click link, before the tracker sees it.
        if found.known.contains(where: { $0.source == .clickID })
            || (lint.profile.capturesCallbacks
                && found.unknown.contains(where: { $0.text == ClickLinkCallback.placeholder }))
        {
            if let wrapped = macroAroundClickID(in: raw) {
                append(
                    LintFinding(
                        code: .wrongClickMacro, parameter: name,
                        problem: "'\(raw)' leaves '\(wrapped)' around the click id once it is filled: ClickWall "
                            + "reads a macro there and rejects every postback (unsubstituted_macro).",
                        fix: "write \(suggestion) alone: \(name)=\(suggestion)."))
            }
            return
        }
        if let (token, source) = found.known.first {
            let problem: String
            if source == .trackerClickID {
                problem =
                    "'\(token.text)' is \(tracker)'s own click id, which ClickWall never issued: every postback is "
                    + "rejected (unknown_click)."
            } else {
                problem =
                    "'\(token.text)' is filled with the conversion's \(Self.describe(source)), not with the click id "
                    + "ClickWall passed: every postback is rejected."
            }
            append(
                LintFinding(
                    code: .wrongClickMacro, parameter: name, problem: problem,
                    fix: "use \(suggestion), \(clickMacroRole)."))
            return
        }
        if let macro = found.unknown.first {
            let isClickWallPlaceholder = macro.name == "click_id" && macro.text.hasPrefix("{")
            if isClickWallPlaceholder {
                append(
                    LintFinding(
                        code: .wrongClickMacro, parameter: name,
                        problem: "'\(macro.text)' is ClickWall's own placeholder: \(tracker) does not know it and "
                            + "sends it as written, so every postback is rejected (unsubstituted_macro).",
                        fix: "replace \(macro.text) with \(suggestion), \(tracker)'s macro for the click id."))
            } else {
                append(
                    LintFinding(
                        code: .unknownMacro, parameter: name,
                        problem: "\(tracker) does not know '\(macro.text)' and sends it as written: every postback "
                            + "is rejected (unsubstituted_macro).",
                        fix: "use \(suggestion), \(clickMacroRole)."))
            }
            return
        }
        if !found.encoded.isEmpty || Self.hasDoubleEncoding(raw) { return }
        append(
            LintFinding(
                code: .fixedClickID, parameter: name,
                problem: "\(name) holds the fixed value '\(piece.value)': every conversion carries the same click "
                    + "id, so ClickWall records at most one of them and rejects the rest.",
                fix: "put \(suggestion) there, "
                    + (lint.profile.capturesCallbacks
                        ? "the placeholder ClickWall fills with each user's click id."
                        : "the macro \(tracker) fills with each user's click id.")))
    }

    /// The macro that the filled click id ends up inside (`{{clickid}}` filled is `{abc123}`), as
    /// ClickWall would see it after one decoding; `nil` when the click id stands free.
    func macroAroundClickID(in raw: String) -> String? {
        let sample = "c1ick1d"
        let filled = lint.profile.macroTemplate(raw).render { token in
            let isClickID =
                source(of: token.name) == .clickID
                || (lint.profile.capturesCallbacks && token.text == ClickLinkCallback.placeholder)
            return isClickID ? sample : token.text
        }
        let decoded = PercentEncoding.decode(filled) ?? filled
        return MacroDetector.macros(in: decoded).first { $0.text.contains(sample) }?.text
            .replacing(sample, with: "…")
    }

    mutating func checkCampaignID(_ piece: QueryPiece) {
        guard let raw = piece.rawValue, !raw.isEmpty else {
            append(
                LintFinding(
                    code: .emptyValue, parameter: "campaign_id",
                    problem: "campaign_id has no value: every postback is rejected (missing_parameter).",
                    fix: "write your ClickWall campaign id there, as the dashboard's postback URL has it."))
            return
        }
        let found = macros(in: raw)
        if !found.isEmpty {
            if found.known.contains(where: { $0.source == .campaignID }) { return }
            let text = found.known.first?.token.text ?? found.unknown.first?.text ?? found.encoded.first?.text ?? raw
            append(
                LintFinding(
                    code: .campaignMacro, parameter: "campaign_id",
                    problem: "campaign_id holds the macro '\(text)': ClickWall's campaign id is a fixed value, and "
                        + "the tracker's own campaign id is not it.",
                    fix: "write the campaign id from ClickWall's dashboard there"
                        + (lint.campaignID.map { ": campaign_id=\($0)." } ?? ".")))
            return
        }
        if !Campaign.isValidID(piece.value) {
            append(
                LintFinding(
                    code: .invalidValue, parameter: "campaign_id",
                    problem: "campaign_id '\(piece.value)' is not a ClickWall campaign id (1–64 letters, digits, "
                        + "'_' or '-').",
                    fix: "copy the campaign id from the dashboard's postback URL."))
        } else if let expected = lint.campaignID, piece.value != expected {
            append(
                LintFinding(
                    code: .campaignMismatch, parameter: "campaign_id",
                    problem: "campaign_id is '\(piece.value)', but the campaign is '\(expected)': conversions go to "
                        + "another campaign or are rejected (unknown_campaign, campaign_mismatch).",
                    fix: "write campaign_id=\(expected)."))
        }
    }

    /// Macros the tracker does not fill, in any parameter but the two identifying ones.
    mutating func checkMacros(_ piece: QueryPiece) {
        guard let raw = piece.rawValue else { return }
        let used = PostbackRules.isUsedParameter(piece.name)
        let found = macros(in: raw)
        reportEncoded(found, parameter: piece.name, used: used)
        for macro in found.unknown {
            let nearest = NearestName.find(macro.name, in: lint.profile.macros.keys.sorted())
            let known = suggestedMacros(for: piece.name).prefix(6).joined(separator: ", ")
            let fix =
                nearest.map { "use \(lint.profile.documentedForm(of: $0)) if that is what you meant." }
                ?? "use a macro \(tracker) fills (\(known.isEmpty ? "none known" : known)), or remove '\(piece.name)'."
            let effect =
                used
                ? "ClickWall rejects the postback (unsubstituted_macro)."
                : "ClickWall records it as sent, with a warning."
            append(
                LintFinding(
                    code: .unknownMacro, severity: used ? .error : .warning, parameter: piece.name,
                    problem: "\(tracker) does not know '\(macro.text)' in '\(piece.name)' and sends it as written: "
                        + effect,
                    fix: fix))
        }
        checkKinds(found, parameter: piece.name)
    }

    /// Known macros in a parameter ClickWall validates: what they hold must be what the parameter
    /// needs (money in `payout`, ClickWall's event in `event`), in words ClickWall accepts.
    mutating func checkKinds(_ found: ValueMacros, parameter: String) {
        guard let needed = MacroValue.kind(neededBy: parameter) else { return }
        let severity: LintFinding.Severity = needed == .transaction ? .warning : .error
        for (token, source) in found.known {
            switch source {
            case .constant, .extra, .literal, .empty: continue
            default: break
            }
            let name = baseName(of: token.name)
            let vocabulary = lint.profile.vocabularies[name]
            if source.kind != needed {
                let fix = vocabulary?.change ?? kindFix(needed, excluding: token.name)
                append(
                    LintFinding(
                        code: .wrongMacroKind, severity: severity, parameter: parameter,
                        problem:
                            "'\(token.text)' is filled with the \(Self.describe(source)), but '\(parameter)' needs "
                            + Self.need(needed)
                            + (severity == .error ? ": ClickWall rejects the postback or records a wrong value." : "."),
                        fix: fix.hasSuffix(".") ? fix : fix + "."))
                continue
            }
            guard needed == .status, let vocabulary else { continue }
            if vocabulary.words.isEmpty, token.valueMapping.isEmpty {
                // The tracker passes on another party's words: ClickWall takes only its own three.
                append(
                    LintFinding(
                        code: .refusedVocabulary, severity: .warning, parameter: parameter,
                        problem:
                            "\(tracker)'s '\(token.text)' passes on words it does not fix itself: ClickWall accepts only "
                            + "pending, approved or declined and rejects any other word (invalid_parameter).",
                        fix: vocabulary.change))
                continue
            }
            let accepted = ["pending", "approved", "declined"]
            let sent = accepted.map { value in
                token.valueMapping[vocabulary.word(for: value)] ?? vocabulary.word(for: value)
            }
            let refused = sent.filter { !accepted.contains($0) }
            guard !refused.isEmpty else { continue }
            append(
                LintFinding(
                    code: .refusedVocabulary, parameter: parameter,
                    problem:
                        "\(tracker)'s '\(token.text)' sends \(sent.joined(separator: ", ")) for a pending, approved or "
                        + "declined conversion; ClickWall accepts only pending, approved or declined, so it rejects "
                        + "\(refused.joined(separator: ", ")) (invalid_parameter).",
                    fix: vocabulary.change))
        }
    }

    /// The fix for a macro of the wrong kind: the tracker's macros of the `needed` kind (those
    /// without a vocabulary first); the vocabulary's own change when every such macro has one
    /// (Keitaro's `{status}` → its mapping placeholder); else a fixed value or no parameter.
    func kindFix(_ needed: MacroValue.Kind, excluding name: String) -> String {
        let profile = lint.profile
        let matching = profile.macros.filter { $0.value.kind == needed && $0.key != name }.keys.sorted()
        let plain = matching.filter { profile.vocabularies[$0] == nil }
        if !plain.isEmpty {
            let forms = plain.prefix(4).map { profile.documentedForm(of: $0) }.joined(separator: ", ")
            return "use \(forms), which \(tracker) fills with \(Self.need(needed))."
        }
        if let change = matching.lazy.compactMap({ profile.vocabularies[$0]?.change }).first { return change }
        let fixed: String =
            switch needed {
            case .money: " (payout=1.50)"
            case .currency: " (currency=USD)"
            case .status: " (status=approved)"
            case .event: " (event=purchase)"
            case .transaction: ""
            }
        return needed == .transaction
            ? "\(tracker) has no \(Self.noun(needed)) macro: remove the parameter (a fixed value would make every "
                + "conversion the same transaction)."
            : "\(tracker) has no \(Self.noun(needed)) macro: write a fixed value\(fixed) or remove the parameter."
    }

    /// What a parameter needing `kind` needs, in words.
    private static func need(_ kind: MacroValue.Kind) -> String {
        switch kind {
        case .money: "money (a payout or revenue)"
        case .currency: "a currency"
        case .status: "a status"
        case .event: "an event name ClickWall knows"
        case .transaction: "a transaction id"
        }
    }

    /// The kind as a noun for "no … macro".
    private static func noun(_ kind: MacroValue.Kind) -> String {
        switch kind {
        case .money: "money"
        case .currency: "currency"
        case .status: "status"
        case .event: "event"
        case .transaction: "transaction id"
        }
    }

    /// `name` without the profile's raw prefix (Keitaro `_status` → `status`).
    func baseName(of name: String) -> String {
        let profile = lint.profile
        if profile.macros[name] == nil, let prefix = profile.rawMacroPrefix, !prefix.isEmpty, name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }

    /// Fixed values that rule 12 refuses.
    mutating func checkFixedValue(_ piece: QueryPiece) {
        guard let raw = piece.rawValue, !raw.isEmpty, macros(in: raw).isEmpty else { return }
        let value = piece.value
        let problem: String?
        let fix: String
        switch piece.name {
        case "payout", "amount":
            problem = Self.isDecimal(value) ? nil : "\(piece.name) '\(value)' is not a decimal number with '.'"
            fix = "write it like 1.50 (a '.' and no currency sign), or use \(tracker)'s macro for it."
        case "currency":
            problem = CurrencyCodes.isActive(value) ? nil : "currency '\(value)' is not an ISO 4217 code"
            fix = "write a three-letter upper-case code such as USD or EUR."
        case "status":
            problem =
                ConversionStatus(rawValue: value) != nil
                ? nil : "status '\(value)' is not pending, approved or declined"
            fix = "write pending, approved or declined."
        default:
            return
        }
        guard let problem else { return }
        append(
            LintFinding(
                code: .invalidValue, parameter: piece.name,
                problem: problem + ": ClickWall rejects the postback (invalid_parameter).", fix: fix))
    }

    private mutating func reportEncoded(_ found: ValueMacros, parameter: String, used: Bool) {
        for macro in found.encoded {
            let plain = lint.profile.documentedForm(of: macro.name)
            let isPlaceholder = lint.profile.capturesCallbacks && macro.name == "click_id"
            let knows = isPlaceholder || source(of: macro.name) != nil
            append(
                LintFinding(
                    code: .encodedMacro, severity: used ? .error : .warning, parameter: parameter,
                    problem: "'\(macro.text)' is a macro written percent-encoded: "
                        + (isPlaceholder ? "ClickWall" : tracker) + " fills only the plain form, so \(tracker) sends "
                        + "'\(macro.text)' as written"
                        + (used ? " and ClickWall rejects the postback (unsubstituted_macro)." : "."),
                    fix: knows
                        ? "write \(plain) unencoded."
                        : "write the macro unencoded, with a name \(tracker) knows"
                            + (parameter == "click_id" ? ": \(lint.suggestedClickMacro)." : ".")))
        }
    }

    // MARK: Helpers

    static func hasDoubleEncoding(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 5 else { return false }
        for index in 0..<(bytes.count - 4)
        where bytes[index] == UInt8(ascii: "%") && bytes[index + 1] == UInt8(ascii: "2")
            && bytes[index + 2] == UInt8(ascii: "5") && isHex(bytes[index + 3]) && isHex(bytes[index + 4])
        {
            return true
        }
        return false
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    static func isDecimal(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    static func describe(_ source: MacroValue) -> String {
        source.meaning
    }
}
