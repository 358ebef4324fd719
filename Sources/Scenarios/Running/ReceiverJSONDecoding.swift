import Foundation
import PostbackCore

/// Decodes the receiver's JSON answers (DESIGN §3, §4) on the runner's side of the wire.
enum ReceiverJSONDecoding {
    static func verdict(from text: String) throws -> Verdict {
        try JSONDecoder().decode(Verdict.self, from: Data(text.utf8))
    }

    /// The `result` and `reason` of a verdict answer in the receiver's own shape (keys sorted,
    /// no spaces: `…,"reason":"unknown_click","result":"rejected"}`), read without decoding the
    /// JSON; `nil` when the answer does not have that shape or names an unknown result or reason.
    static func verdictSummary(from answer: String) -> (result: String, reason: String?)? {
        var text = Substring(answer)
        guard text.hasSuffix("\"}") else { return nil }
        text = text.dropLast(2)
        guard let resultStart = lastRange(of: #","result":""#, in: text) else { return nil }
        let result = String(text[resultStart.upperBound...])
        guard PostbackResult(rawValue: result) != nil else { return nil }
        let head = text[..<resultStart.lowerBound]
        if head.hasSuffix(#","reason":null"#) { return (result, nil) }
        guard head.hasSuffix("\""), let reasonStart = lastRange(of: #","reason":""#, in: head) else {
            return nil
        }
        let reason = String(head[reasonStart.upperBound..<head.index(before: head.endIndex)])
        guard RejectReason(rawValue: reason) != nil || Verdict.storeUnavailable("").reasonText == reason else {
            return nil
        }
        return (result, reason)
    }

    /// The last occurrence of the ASCII text `needle` in `text`, compared byte for byte.
    private static func lastRange(of needle: String, in text: Substring) -> Range<String.Index>? {
        let bytes = text.utf8
        let count = needle.utf8.count
        guard bytes.count >= count else { return nil }
        var start = bytes.index(bytes.endIndex, offsetBy: -count)
        while true {
            let end = bytes.index(start, offsetBy: count)
            if bytes[start..<end].elementsEqual(needle.utf8) { return start..<end }
            guard start != bytes.startIndex else { return nil }
            start = bytes.index(before: start)
        }
    }

    static func stats(from bytes: [UInt8]) throws -> CampaignStats {
        try JSONDecoder().decode(CampaignStats.self, from: Data(bytes))
    }

    /// The `id` of an armed fault rule (`POST /api/faults`), `nil` when the body is not that.
    static func faultID(from bytes: [UInt8]) -> Int? {
        struct Body: Decodable { let id: Int }
        return try? JSONDecoder().decode(Body.self, from: Data(bytes)).id
    }

    /// The ids of `{"click_ids": [..]}`, `nil` when the body is not that.
    static func clickIDs(from bytes: [UInt8]) -> [String]? {
        struct Body: Decodable {
            let clickIDs: [String]
            enum CodingKeys: String, CodingKey { case clickIDs = "click_ids" }
        }
        return try? JSONDecoder().decode(Body.self, from: Data(bytes)).clickIDs
    }

    /// The `id` of each campaign of `GET /api/campaigns`, `nil` when the body is not a list of
    /// campaigns.
    static func campaignIDs(from bytes: [UInt8]) -> [String]? {
        struct Campaign: Decodable { let id: String }
        return try? JSONDecoder().decode([Campaign].self, from: Data(bytes)).map(\.id)
    }

    static func clickID(from bytes: [UInt8]) -> String? {
        struct Body: Decodable {
            let clickID: String
            enum CodingKeys: String, CodingKey { case clickID = "click_id" }
        }
        return try? JSONDecoder().decode(Body.self, from: Data(bytes)).clickID
    }
}
