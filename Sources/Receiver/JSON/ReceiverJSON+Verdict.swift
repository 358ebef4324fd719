import Hummingbird
import PostbackCore

extension ReceiverJSON {
    /// The body of a postback answer, byte for byte what ``encoder()`` makes of the verdict
    /// (keys sorted, slashes unescaped, `null` for an absent reason or conversion id), written
    /// straight into a buffer: the postback endpoint answers every request, and `JSONEncoder`
    /// was a large share of its time.
    static func verdictBody(_ verdict: Verdict) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(96 + verdict.message.utf8.count)
        buffer.writeStaticString(#"{"conversion_id":"#)
        writeJSONString(verdict.conversionID, to: &buffer)
        buffer.writeStaticString(#","message":"#)
        writeJSONString(verdict.message, to: &buffer)
        buffer.writeStaticString(#","reason":"#)
        writeJSONString(verdict.reasonText, to: &buffer)
        buffer.writeStaticString(#","result":"#)
        writeJSONString(verdict.result.rawValue, to: &buffer)
        buffer.writeStaticString("}")
        return buffer
    }

    /// A postback answer with the verdict's status and body.
    static func verdictResponse(_ verdict: Verdict, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(
            status: HTTPResponse.Status(code: verdict.httpStatus), headers: fields,
            body: ResponseBody(byteBuffer: verdictBody(verdict)))
    }

    /// A JSON string literal (or `null`), escaped as `JSONEncoder` escapes it: `"` and `\`,
    /// `\b \f \n \r \t`, other control characters as `\u00XX`; everything else as UTF-8.
    static func writeJSONString(_ text: String?, to buffer: inout ByteBuffer) {
        guard let text else {
            buffer.writeStaticString("null")
            return
        }
        buffer.writeInteger(UInt8(ascii: "\""))
        let needsEscape: (UInt8) -> Bool = { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        let needsEscaping =
            text.utf8.withContiguousStorageIfAvailable { $0.contains(where: needsEscape) }
            ?? text.utf8.contains(where: needsEscape)
        if !needsEscaping {
            buffer.writeString(text)
        } else {
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): buffer.writeStaticString(#"\""#)
                case UInt8(ascii: "\\"): buffer.writeStaticString(#"\\"#)
                case 0x08: buffer.writeStaticString(#"\b"#)
                case 0x0C: buffer.writeStaticString(#"\f"#)
                case 0x0A: buffer.writeStaticString(#"\n"#)
                case 0x0D: buffer.writeStaticString(#"\r"#)
                case 0x09: buffer.writeStaticString(#"\t"#)
                case ..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    buffer.writeStaticString(#"\u00"#)
                    buffer.writeInteger(hex[Int(byte >> 4)])
                    buffer.writeInteger(hex[Int(byte & 0x0F)])
                default: buffer.writeInteger(byte)
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
