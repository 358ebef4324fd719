extension TrackerProfile {
    /// The template split into text and the macros this profile's syntaxes recognise.
    public func macroTemplate(_ template: String) -> MacroTemplate {
        MacroTemplate(template, syntaxes: macroSyntaxes)
    }

    /// The exact URL this tracker sends for `values`: every macro replaced by its value
    /// (percent-encoded per ``valueEncoding`` when the profile encodes), a macro without a value
    /// sending its default (``macroDefaults``) or else handled per ``missingValue``, an unknown
    /// macro per ``unknownMacro``. A money value is written per ``moneyFormat``; a value goes
    /// through the macro's vocabulary (``vocabularies``: Keitaro sends `sale` for an approved
    /// conversion) and then through the macro's inline mapping when it has one
    /// (`{status:sale=approved}`). Text outside macros is kept byte for byte.
    public func fill(template: String, values: ConversionValues) -> String {
        macroTemplate(template).render { token in replacement(for: token, values: values) }
    }

    /// What this profile puts in place of one macro.
    public func replacement(for token: MacroToken, values: ConversionValues) -> String {
        if let (name, source) = macro(named: token.name) {
            return replacement(for: token, named: name, source: source, values: values, encode: encodesValues)
        }
        if let prefix = rawMacroPrefix, !prefix.isEmpty, token.name.hasPrefix(prefix),
            let (name, source) = macro(named: String(token.name.dropFirst(prefix.count)))
        {
            return replacement(for: token, named: name, source: source, values: values, encode: false)
        }
        return fallback(unknownMacro, for: token)
    }

    /// Whether the profile knows the macro `name` (directly or through ``rawMacroPrefix``).
    public func knowsMacro(_ name: String) -> Bool {
        if macro(named: name) != nil { return true }
        guard let prefix = rawMacroPrefix, !prefix.isEmpty, name.hasPrefix(prefix) else { return false }
        return macro(named: String(name.dropFirst(prefix.count))) != nil
    }

    /// The value macro `name` sends for `values`, before encoding: the conversion's value or the
    /// macro's default (`0` for a payout macro when the status is one of ``zeroPayoutStatuses``), in
    /// the tracker's money format for a money macro, as the tracker's word for
    /// it, mapped through the token's inline mapping; `nil` when there is none.
    public func value(of token: MacroToken, named name: String, source: MacroValue, values: ConversionValues)
        -> String?
    {
        let zeroPayout = source == .payout && zeroPayoutStatuses.contains(values.status ?? "approved")
        guard var value = zeroPayout ? "0" : source.resolve(values) ?? macroDefaults[name] else { return nil }
        if source.kind == .money { value = moneyFormat.format(value) }
        let word = vocabularies[name]?.word(for: value) ?? value
        return token.valueMapping[word] ?? word
    }

    private func replacement(
        for token: MacroToken, named name: String, source: MacroValue, values: ConversionValues, encode: Bool
    ) -> String {
        switch source {
        case .literal: return token.text
        case .empty: return ""
        default:
            guard let value = value(of: token, named: name, source: source, values: values) else {
                return fallback(missingValue, for: token)
            }
            return encode ? valueEncoding.encode(value) : value
        }
    }

    private func fallback(_ fallback: MacroFallback, for token: MacroToken) -> String {
        switch fallback {
        case .literal: token.text
        case .encoded: PercentEncoding.encode(token.text)
        case .empty: ""
        }
    }
}
