import Foundation
import PostbackCore
import Testing

@testable import Receiver

/// The postback answer written by hand is byte for byte what `JSONEncoder` writes.
struct VerdictBodyTests {
    static let messages: [String] = [
        "the conversion was recorded",
        #"a "quoted" value, a back\slash and a /slash/"#,
        "line\nbreak\r\ttab\u{8}backspace\u{C}feed",
        String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }) + "\u{7F}",
        "non-ASCII: é, 漢字, 🙂, \u{2028}\u{2029}",
        "",
    ]

    @Test(arguments: messages)
    func sameBytesAsJSONEncoder(message: String) throws {
        let verdicts = [
            Verdict(result: .accepted, reason: nil, conversionID: "cv_42", message: message, httpStatus: 200),
            Verdict(result: .rejected, reason: .unknownClick, message: message, httpStatus: 404),
            Verdict(result: .duplicate, reason: nil, conversionID: "cv_\"1\"", message: message, httpStatus: 200),
        ]
        for verdict in verdicts {
            let expected = try ReceiverJSON.encoder().encode(verdict)
            let buffer = ReceiverJSON.verdictBody(verdict)
            let written = Data(buffer.readableBytesView)
            #expect(
                written == expected,
                "\(String(decoding: written, as: UTF8.self)) != \(String(decoding: expected, as: UTF8.self))")
        }
    }
}
