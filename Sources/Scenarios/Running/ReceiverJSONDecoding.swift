import Foundation
import PostbackCore

/// Decodes the receiver's JSON answers (DESIGN §3, §4) on the runner's side of the wire.
enum ReceiverJSONDecoding {
    static func verdict(from text: String) throws -> Verdict {
        try JSONDecoder().decode(Verdict.self, from: Data(text.utf8))
    }

    static func stats(from bytes: [UInt8]) throws -> CampaignStats {
        try JSONDecoder().decode(CampaignStats.self, from: Data(bytes))
    }

    static func clickID(from bytes: [UInt8]) -> String? {
        struct Body: Decodable {
            let clickID: String
            enum CodingKeys: String, CodingKey { case clickID = "click_id" }
        }
        return try? JSONDecoder().decode(Body.self, from: Data(bytes)).clickID
    }
}
