/// Decoding of query strings and `application/x-www-form-urlencoded` bodies as rule 1 reads them.
///
/// `+` is a space and `%HH` a byte; a `%` not followed by two hex digits stays literal, so that
/// rule 3 can name a `%MACRO%`. Empty pieces (`&&`) are skipped; a piece without `=` is a
/// parameter with an empty value. Decoded text must be UTF-8 without control bytes.
enum FormDecoding {
    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// Why a decoded name or value is unusable.
    enum Problem: Equatable {
        case invalidUTF8
        /// A byte in 0x00–0x1F or 0x7F.
        case controlByte(UInt8)
    }

    /// A decoded name or value, or why it cannot be one.
    enum Decoded: Equatable {
        case text(String)
        case problem(Problem)
    }

    /// Calls `body` with the raw name and raw value (`nil` without `=`) of each non-empty piece.
    static func forEachPiece(in bytes: Bytes, _ body: (Bytes, Bytes?) -> Void) {
        var pieceStart = bytes.startIndex
        while pieceStart < bytes.endIndex {
            var pieceEnd = pieceStart
            var equals: Int?
            while pieceEnd < bytes.endIndex, bytes[pieceEnd] != UInt8(ascii: "&") {
                if equals == nil, bytes[pieceEnd] == UInt8(ascii: "=") { equals = pieceEnd }
                pieceEnd += 1
            }
            if pieceEnd > pieceStart {
                if let equals {
                    body(bytes[pieceStart..<equals], bytes[(equals + 1)..<pieceEnd])
                } else {
                    body(bytes[pieceStart..<pieceEnd], nil)
                }
            }
            pieceStart = pieceEnd + 1
        }
    }

    /// Percent-decodes `raw` (using `scratch` as working space) and checks the result.
    static func decode(_ raw: Bytes, scratch: inout [UInt8]) -> Decoded {
        var needsDecoding = false
        for byte in raw {
            if byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") {
                needsDecoding = true
                break
            }
        }
        if !needsDecoding { return checked(raw) }
        scratch.removeAll(keepingCapacity: true)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == UInt8(ascii: "%"), index + 2 < raw.endIndex, let high = MacroScanner.hexValue(raw[index + 1]),
                let low = MacroScanner.hexValue(raw[index + 2])
            {
                scratch.append(high << 4 | low)
                index += 3
            } else {
                scratch.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return scratch.withUnsafeBufferPointer { checked($0[...]) }
    }

    /// Decodes a value; where decoding makes it invalid UTF-8 (`%DEVICE_ID%` turns `%DE` into a
    /// lone lead byte) but the raw text is clean and holds a `%x%` or `%%X%%` macro, the raw text
    /// is kept so that rule 3 can name the macro. A decoded control byte is always a problem.
    static func decodeValue(_ raw: Bytes, scratch: inout [UInt8]) -> Decoded {
        let decoded = decode(raw, scratch: &scratch)
        guard decoded == .problem(.invalidUTF8), case .text(let rawText) = checked(raw),
            let macro = MacroDetector.firstMacro(in: rawText),
            macro.syntax == .percents || macro.syntax == .doublePercents
        else { return decoded }
        return .text(rawText)
    }

    private static func checked(_ bytes: Bytes) -> Decoded {
        for byte in bytes where byte < 0x20 || byte == 0x7F { return .problem(.controlByte(byte)) }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .problem(.invalidUTF8) }
        return .text(text)
    }

    /// Raw bytes for a message: printable ASCII as is, anything else as `%HH`, at most 64 bytes.
    static func display(_ raw: Bytes) -> String {
        var text = ""
        text.reserveCapacity(min(raw.count, 64) + 3)
        for (offset, byte) in raw.enumerated() {
            if offset == 64 {
                text += "…"
                break
            }
            if byte >= 0x20, byte < 0x7F {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                text += MessageText.percentEncoded(byte)
            }
        }
        return text
    }
}
