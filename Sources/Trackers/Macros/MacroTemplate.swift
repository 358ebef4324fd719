import PostbackCore

/// A postback template split into literal text and macros, for a given set of syntaxes.
///
/// A macro name is 1–64 ASCII letters, digits, `_`, `.`, `-` (`transaction.id`, `app-id`) with at
/// least one letter, as ``MacroDetector`` reads them; `__X__` names cannot contain `__`. A `%x%`
/// whose name is two hex digits (`%E2%82`) or starts with a digit and a hex digit (`%20x%`) is
/// percent-encoding, not a macro. In the `{x}` syntax a name may be followed by `:` and an
/// argument of up to 256 bytes without braces, `&` or line breaks (`{status:lead=pending sale=approved}`).
/// Anything that is
/// not a complete macro in an accepted syntax is literal text, byte for byte.
public struct MacroTemplate: Sendable, Equatable {
    /// A piece of the template.
    public enum Segment: Sendable, Equatable {
        case text(String)
        case macro(MacroToken)
    }

    public let template: String
    public let segments: [Segment]

    public init(_ template: String, syntaxes: some Sequence<MacroSyntax>) {
        self.template = template
        let accepted = Set(syntaxes)
        let order = MacroSyntax.matchingOrder.filter(accepted.contains)
        let bytes = Array(template.utf8)
        var segments: [Segment] = []
        var textStart = 0
        var index = 0
        while index < bytes.count {
            guard let (token, end) = Self.macro(in: bytes, at: index, order: order) else {
                index += 1
                continue
            }
            if textStart < index {
                segments.append(.text(String(decoding: bytes[textStart..<index], as: UTF8.self)))
            }
            segments.append(.macro(token))
            index = end
            textStart = end
        }
        if textStart < bytes.count {
            segments.append(.text(String(decoding: bytes[textStart...], as: UTF8.self)))
        }
        self.segments = segments
    }

    /// The macros of the template, in order.
    public var macros: [MacroToken] {
        segments.compactMap { segment in
            if case .macro(let token) = segment { return token }
            return nil
        }
    }

    /// The template with each macro replaced by `replacement(token)`.
    public func render(_ replacement: (MacroToken) -> String) -> String {
        var result = ""
        for segment in segments {
            switch segment {
            case .text(let text): result += text
            case .macro(let token): result += replacement(token)
            }
        }
        return result
    }

    private static func macro(in bytes: [UInt8], at start: Int, order: [MacroSyntax]) -> (MacroToken, Int)? {
        for syntax in order {
            for (openerText, closerText) in syntax.delimiters {
                let opener = Array(openerText.utf8)
                let closer = Array(closerText.utf8)
                guard bytes.count - start >= opener.count + 1 + closer.count,
                    bytes[start..<start + opener.count].elementsEqual(opener)
                else { continue }
                let nameStart = start + opener.count
                var nameEnd = nameStart
                while nameEnd < bytes.count, nameEnd - nameStart < 64, isNameByte(bytes[nameEnd]) {
                    if syntax == .doubleUnderscores, bytes[nameEnd] == UInt8(ascii: "_"),
                        nameEnd + 1 < bytes.count, bytes[nameEnd + 1] == UInt8(ascii: "_")
                    {
                        break
                    }
                    nameEnd += 1
                }
                let name = bytes[nameStart..<nameEnd]
                var argument: String?
                if syntax == .braces, nameEnd < bytes.count, bytes[nameEnd] == UInt8(ascii: ":"), !name.isEmpty {
                    var argumentEnd = nameEnd + 1
                    while argumentEnd < bytes.count, argumentEnd - nameEnd <= 256,
                        ![UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "&"), 0x0A, 0x0D].contains(
                            bytes[argumentEnd])
                    {
                        argumentEnd += 1
                    }
                    if argumentEnd < bytes.count, bytes[argumentEnd] == UInt8(ascii: "}"), argumentEnd > nameEnd + 1 {
                        argument = String(decoding: bytes[nameEnd + 1..<argumentEnd], as: UTF8.self)
                        nameEnd = argumentEnd
                    }
                }
                guard !name.isEmpty, name.contains(where: isLetter),
                    nameEnd + closer.count <= bytes.count,
                    bytes[nameEnd..<nameEnd + closer.count].elementsEqual(closer)
                else { continue }
                if syntax == .percents, looksPercentEncoded(name) { continue }
                if syntax == .doubleUnderscores, name.first == UInt8(ascii: "_") { continue }
                let end = nameEnd + closer.count
                let token = MacroToken(
                    name: String(decoding: name, as: UTF8.self), syntax: syntax,
                    text: String(decoding: bytes[start..<end], as: UTF8.self), argument: argument)
                return (token, end)
            }
        }
        return nil
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-")
    }

    /// `%HH` followed by `%`, or `%` + digit + hex digit: percent-encoding rather than `%name%`.
    private static func looksPercentEncoded(_ name: ArraySlice<UInt8>) -> Bool {
        guard name.count >= 2 else { return false }
        let first = name[name.startIndex]
        let second = name[name.startIndex + 1]
        if name.count == 2 { return isHexDigit(first) && isHexDigit(second) }
        return first >= 0x30 && first <= 0x39 && isHexDigit(second)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
}
