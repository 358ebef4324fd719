import Foundation
import PostbackCore
import Testing

/// The rule-13 answers the store gives, worded in one place.
struct VerdictTests {
    @Test(arguments: [
        (Verdict.accepted(conversionID: "cv1"), PostbackResult.accepted, "recorded"),
        (Verdict.duplicate(conversionID: "cv1"), .duplicate, "not counted again"),
        (
            Verdict.statusUpdated(conversionID: "cv1", from: .pending, to: .approved), .statusUpdated,
            "changed from pending to approved"
        ),
    ])
    func answers(verdict: Verdict, result: PostbackResult, says: String) throws {
        #expect(verdict.result == result)
        #expect(verdict.httpStatus == 200)
        #expect(verdict.reason == nil)
        #expect(verdict.conversionID == "cv1")
        #expect(verdict.message.contains("cv1"))
        #expect(verdict.message.contains(says))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(verdict)) as? [String: Any]
        #expect(json?["result"] as? String == result.rawValue)
        #expect(json?["conversion_id"] as? String == "cv1")
        #expect(json?["reason"] is NSNull)
    }
}
