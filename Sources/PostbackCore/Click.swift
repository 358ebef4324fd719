import Foundation

/// A click issued by the receiver. Click ids are opaque and unique.
public struct Click: Sendable, Equatable, Codable {
    public var id: String
    public var campaignID: String
    public var createdAt: Date

    public init(id: String, campaignID: String, createdAt: Date) {
        self.id = id
        self.campaignID = campaignID
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id = "click_id"
        case campaignID = "campaign_id"
        case createdAt = "created_at"
    }
}
