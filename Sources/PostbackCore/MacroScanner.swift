/// The byte-level matcher behind ``MacroDetector``: the project's one macro grammar, used by
/// rule 3, the lint and the trackers' template filling.
///
/// Works on UTF-8 bytes; every delimiter is ASCII, so every offset it reports is a character
/// boundary of the scanned string. A delimiter may be written raw or percent-encoded (`%7B`).
/// Only macros in `syntaxes` are reported; at a position where a longer form is not accepted
/// (`{{x}}` where only `{x}` is) the shorter one is tried, and failing that the scan moves on one
/// byte. With `encodedDelimiters` false, a match whose delimiters are percent-encoded is not
/// reported, except in the `%7Bx%7D` syntax (``MacroSyntax/encodedBraces``), which is its own.
struct MacroScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var syntaxes: Set<MacroSyntax> = MacroSyntax.everySyntax
    var encodedDelimiters = true

    /// A macro's byte offsets in the scanned value.
    struct Match: Equatable {
        var start: Int
        var end: Int
        var nameStart: Int
        var nameEnd: Int
        var syntax: MacroSyntax
        var isPercentEncoded: Bool
        /// The argument after `:` in `{name:argument}` (Keitaro's `{status:sale=approved}`).
        var argument: Range<Int>? = nil
    }

    /// One delimiter-sized unit: a raw byte, or a `%HH` that decodes to a delimiter.
    private struct Unit {
        var byte: UInt8
        var length: Int
        var encoded: Bool
    }

    /// Longest accepted placeholder name, in bytes.
    static let maxNameBytes = 64
    /// Longest argument after `:` in `{name:argument}`, in bytes.
    static let maxArgumentBytes = 256

    /// `match` when its syntax is one of ``syntaxes`` (and its delimiters raw, unless
    /// ``encodedDelimiters``), else `nil`.
    private func accepted(_ match: Match?) -> Match? {
        guard let match, syntaxes.contains(match.syntax) else { return nil }
        if !encodedDelimiters, match.isPercentEncoded, match.syntax != .encodedBraces { return nil }
        return match
    }

    /// The leftmost macro starting at or after byte `position`.
    func firstMatch(from position: Int) -> Match? {
        var index = position
        // Fast path: no byte that can open a macro means no macro.
        while index < bytes.count, !Self.canOpen(bytes[index]) { index += 1 }
        while index < bytes.count {
            if Self.canOpen(bytes[index]), let match = match(at: index) { return match }
            index += 1
        }
        return nil
    }

    private static func canOpen(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "#"), UInt8(ascii: "%"),
            UInt8(ascii: "$"), UInt8(ascii: "_"):
            true
        default: false
        }
    }

    /// Bytes that count as a delimiter when percent-encoded.
    private static func isEncodableDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "$"):
            true
        default: false
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private func unit(at index: Int) -> Unit? {
        guard index < bytes.count else { return nil }
        let byte = bytes[index]
        if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = Self.hexValue(bytes[index + 1]),
            let low = Self.hexValue(bytes[index + 2])
        {
            let decoded = high << 4 | low
            if Self.isEncodableDelimiter(decoded) { return Unit(byte: decoded, length: 3, encoded: true) }
        }
        return Unit(byte: byte, length: 1, encoded: false)
    }

    /// Whether two hex digits follow byte `index` (so a `%` there reads as percent-encoding).
    private func hexPairFollows(_ index: Int) -> Bool {
        index + 2 < bytes.count && Self.hexValue(bytes[index + 1]) != nil && Self.hexValue(bytes[index + 2]) != nil
    }

    private func match(at index: Int) -> Match? {
        guard let first = unit(at: index) else { return nil }
        let next = index + first.length
        switch first.byte {
        case UInt8(ascii: "$"):
            guard let brace = unit(at: next), brace.byte == UInt8(ascii: "{") else { return nil }
            return accepted(
                dollarBraces(at: index, contentStart: next + brace.length, encoded: first.encoded || brace.encoded))
        case UInt8(ascii: "{"):
            if let second = unit(at: next), second.byte == UInt8(ascii: "{"),
                let match = accepted(
                    delimited(
                        at: index, contentStart: next + second.length, close: UInt8(ascii: "}"), closeCount: 2,
                        syntax: .doubleBraces, allowsSpaces: true, encoded: first.encoded || second.encoded))
            {
                return match
            }
            return accepted(
                delimited(
                    at: index, contentStart: next, close: UInt8(ascii: "}"), closeCount: 1, syntax: .braces,
                    allowsSpaces: true, encoded: first.encoded))
        case UInt8(ascii: "["):
            if let second = unit(at: next), second.byte == UInt8(ascii: "["),
                let match = accepted(
                    delimited(
                        at: index, contentStart: next + second.length, close: UInt8(ascii: "]"), closeCount: 2,
                        syntax: .doubleBrackets, allowsSpaces: false, encoded: first.encoded || second.encoded))
            {
                return match
            }
            return accepted(
                delimited(
                    at: index, contentStart: next, close: UInt8(ascii: "]"), closeCount: 1, syntax: .brackets,
                    allowsSpaces: false, encoded: first.encoded))
        case UInt8(ascii: "("):
            return accepted(
                delimited(
                    at: index, contentStart: next, close: UInt8(ascii: ")"), closeCount: 1, syntax: .parentheses,
                    allowsSpaces: false, encoded: first.encoded))
        case UInt8(ascii: "#"):
            return accepted(
                delimited(
                    at: index, contentStart: next, close: UInt8(ascii: "#"), closeCount: 1, syntax: .hashes,
                    allowsSpaces: false, encoded: first.encoded))
        case UInt8(ascii: "%"):
            if let second = unit(at: next), second.byte == UInt8(ascii: "%"),
                let match = accepted(
                    percents(at: index, contentStart: next + second.length, closeCount: 2, encoded: first.encoded))
            {
                return match
            }
            return accepted(percents(at: index, contentStart: next, closeCount: 1, encoded: first.encoded))
        case UInt8(ascii: "_"):
            return accepted(doubleUnderscores(at: index))
        default:
            return nil
        }
    }

    /// `open name close×closeCount`, e.g. `{x}`, `[[x]]`.
    private func delimited(
        at start: Int, contentStart: Int, close: UInt8, closeCount: Int, syntax: MacroSyntax, allowsSpaces: Bool,
        encoded: Bool
    ) -> Match? {
        var index = contentStart
        if allowsSpaces { while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 } }
        let nameStart = index
        var hasLetter = false
        while index < bytes.count, Self.isNameByte(bytes[index]) {
            if Self.isLetter(bytes[index]) { hasLetter = true }
            index += 1
        }
        let nameEnd = index
        guard hasLetter, nameEnd - nameStart <= Self.maxNameBytes else { return nil }
        if syntax == .braces, !encoded, let argument = argument(after: nameEnd) {
            return Match(
                start: start, end: argument.upperBound + 1, nameStart: nameStart, nameEnd: nameEnd, syntax: .braces,
                isPercentEncoded: false, argument: argument)
        }
        if allowsSpaces { while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 } }
        var isEncoded = encoded
        for _ in 0..<closeCount {
            guard let unit = unit(at: index), unit.byte == close else { return nil }
            isEncoded = isEncoded || unit.encoded
            index += unit.length
        }
        let resolved: MacroSyntax = syntax == .braces && isEncoded ? .encodedBraces : syntax
        return Match(
            start: start, end: index, nameStart: nameStart, nameEnd: nameEnd, syntax: resolved,
            isPercentEncoded: isEncoded)
    }

    /// The argument of `{name:argument}` when `:` is at `index`: 1–256 bytes up to a raw `}`,
    /// with no `{`, `}`, `&` or line break.
    private func argument(after index: Int) -> Range<Int>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
        var end = index + 1
        while end < bytes.count, end - index <= Self.maxArgumentBytes {
            switch bytes[end] {
            case UInt8(ascii: "}"): return end > index + 1 ? index + 1..<end : nil
            case UInt8(ascii: "{"), UInt8(ascii: "&"), 0x0A, 0x0D: return nil
            default: end += 1
            }
        }
        return nil
    }

    /// `%x%` and `%%X%%`, except where both `%` read as percent-encoding (`%20big%20`) or the
    /// name itself does: two hex digits (`%E2%`) or a digit and a hex digit first (`%20x%`).
    private func percents(at start: Int, contentStart: Int, closeCount: Int, encoded: Bool) -> Match? {
        guard
            let match = delimited(
                at: start, contentStart: contentStart, close: UInt8(ascii: "%"), closeCount: closeCount,
                syntax: closeCount == 2 ? .doublePercents : .percents, allowsSpaces: false, encoded: encoded)
        else { return nil }
        let lastPercent = match.end - 1
        if !match.isPercentEncoded, hexPairFollows(contentStart - 1), hexPairFollows(lastPercent) { return nil }
        if !match.isPercentEncoded, closeCount == 1, nameReadsAsEncoding(match.nameStart..<match.nameEnd) { return nil }
        return match
    }

    private func nameReadsAsEncoding(_ name: Range<Int>) -> Bool {
        guard name.count >= 2 else { return false }
        let first = bytes[name.lowerBound]
        let second = bytes[name.lowerBound + 1]
        guard Self.hexValue(second) != nil else { return false }
        if name.count == 2 { return Self.hexValue(first) != nil }
        return first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")
    }

    /// `${…}`: FreeMarker expressions such as `${(name)!}`; the name is the first name-like run.
    private func dollarBraces(at start: Int, contentStart: Int, encoded: Bool) -> Match? {
        var index = contentStart
        var nameStart = -1
        var nameEnd = -1
        while index < bytes.count, index - contentStart <= Self.maxNameBytes {
            if let unit = unit(at: index), unit.byte == UInt8(ascii: "}") {
                guard nameStart >= 0 else { return nil }
                return Match(
                    start: start, end: index + unit.length, nameStart: nameStart, nameEnd: nameEnd,
                    syntax: .dollarBraces, isPercentEncoded: encoded || unit.encoded)
            }
            let byte = bytes[index]
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "{") else { return nil }
            if nameStart < 0, Self.isLetter(byte) {
                nameStart = index
                nameEnd = index
                while nameEnd < bytes.count, Self.isNameByte(bytes[nameEnd]) { nameEnd += 1 }
            }
            index += 1
        }
        return nil
    }

    /// `__X__`: bounded by non-alphanumerics so that `summer__sale__2024` is not a macro.
    private func doubleUnderscores(at start: Int) -> Match? {
        let underscore = UInt8(ascii: "_")
        guard start + 1 < bytes.count, bytes[start + 1] == underscore else { return nil }
        if start > 0, Self.isAlphanumeric(bytes[start - 1]) || bytes[start - 1] == underscore { return nil }
        let nameStart = start + 2
        guard nameStart < bytes.count, Self.isAlphanumeric(bytes[nameStart]) else { return nil }
        var index = nameStart
        var hasLetter = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == underscore, index + 1 < bytes.count, bytes[index + 1] == underscore { break }
            guard Self.isAlphanumeric(byte) || byte == underscore else { return nil }
            if Self.isLetter(byte) { hasLetter = true }
            index += 1
        }
        let nameEnd = index
        guard index + 1 < bytes.count, hasLetter, nameEnd - nameStart <= Self.maxNameBytes else { return nil }
        let end = index + 2
        if end < bytes.count, Self.isAlphanumeric(bytes[end]) { return nil }
        return Match(
            start: start, end: end, nameStart: nameStart, nameEnd: nameEnd, syntax: .doubleUnderscores,
            isPercentEncoded: false)
    }
}
