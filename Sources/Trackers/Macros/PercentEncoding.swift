/// RFC 3986 percent-encoding and decoding for query values.
public enum PercentEncoding {
    /// Encodes every byte except the unreserved `A-Z a-z 0-9 - . _ ~` and the ASCII bytes of
    /// `kept`; a space becomes `+` when `spaceAsPlus`, else `%20`.
    public static func encode(_ text: String, spaceAsPlus: Bool = false, keeping kept: Set<UInt8> = []) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        for byte in text.utf8 {
            if isUnreserved(byte) || kept.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else if spaceAsPlus, byte == UInt8(ascii: " ") {
                result.unicodeScalars.append("+")
            } else {
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }

    /// Decodes `%HH` sequences (not `+`); `nil` when a `%` is not followed by two hex digits or
    /// the result is not UTF-8.
    public static func decode(_ text: some StringProtocol) -> String? {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
                    let low = hexValue(bytes[index + 2])
                else { return nil }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(validating: output, as: UTF8.self)
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "~")
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
