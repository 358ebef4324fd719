import Foundation
import PostbackCore

extension PostbackRequest {
    /// The log's record of a request the HTTP parser refused, from the raw start of its request
    /// line: the method and target when the line has them (else the whole line as the target),
    /// bytes ≥ 0x80 and control bytes percent-encoded so that the log keeps them readable.
    static func unparsable(requestLine: [UInt8], source: String, receivedAt: Date) -> PostbackRequest {
        let parts = requestLine.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: true)
        let method = parts.count >= 2 ? escaped(parts[0]) : ""
        let target = parts.count >= 2 ? escaped(parts[1]) : escaped(requestLine[...])
        return PostbackRequest(method: method, target: target, source: source, receivedAt: receivedAt)
    }

    private static func escaped(_ bytes: ArraySlice<UInt8>) -> String {
        var text = ""
        for byte in bytes {
            if byte >= 0x80 || byte < 0x20 || byte == 0x7F {
                text += String(format: "%%%02X", byte)
            } else {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return text
    }
}
