/// Small pieces of wording shared by the rule chain's messages.
enum MessageText {
    /// Longest value quoted into a message, in characters.
    static let maxQuotedCharacters = 64

    /// `'value'`, cut to 64 characters with `…`.
    static func quoted(_ value: some StringProtocol) -> String {
        guard value.count > maxQuotedCharacters else { return "'\(value)'" }
        return "'\(value.prefix(maxQuotedCharacters))…'"
    }

    /// `%0A` for a byte.
    static func percentEncoded(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".unicodeScalars)
        var text = "%"
        text.unicodeScalars.append(digits[Int(byte >> 4)])
        text.unicodeScalars.append(digits[Int(byte & 0x0F)])
        return text
    }

    /// A header or method value made safe to quote: control and non-ASCII bytes as `%HH`.
    static func sanitized(_ value: String) -> String {
        var copy = value
        return copy.withUTF8 { FormDecoding.display($0[...]) }
    }

    /// `a, b and c`.
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }

    /// A control byte named for a person: `a NUL byte (%00)`, `a control byte (%0A)`.
    static func describe(_ problem: FormDecoding.Problem) -> String {
        switch problem {
        case .invalidUTF8: "is not valid UTF-8 after percent-decoding"
        case .controlByte(0): "contains a NUL byte (%00) after decoding"
        case .controlByte(let byte): "contains a control byte (\(percentEncoded(byte))) after decoding"
        }
    }
}
