import PostbackCore

extension String {
    /// The string as HTML text or as a double- or single-quoted attribute value (``Markup/escape(_:)``).
    var htmlEscaped: String { Markup.escape(self) }

    /// The string percent-encoded for a query value: everything but `A-Z a-z 0-9 - . _ ~`.
    var queryValueEncoded: String {
        var encoded = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(Self.hexDigits[Int(byte >> 4)])
                encoded.unicodeScalars.append(Self.hexDigits[Int(byte & 0x0F)])
            }
        }
        return encoded
    }

    private static let hexDigits = Array("0123456789ABCDEF".unicodeScalars)

    /// At most `limit` characters; a longer string is cut and says how much was left out.
    func truncated(to limit: Int) -> String {
        guard count > limit else { return self }
        let kept = prefix(limit)
        return kept + "… (\(utf8.count - kept.utf8.count) more bytes)"
    }
}
