import Foundation

/// A campaign's statistics as served by `GET /api/campaigns/{id}/stats` (DESIGN §4).
public struct CampaignStats: Sendable, Equatable, Codable {
    public var campaignID: String
    public var clicks: Int
    /// Conversions recorded (accepted), whatever their current status.
    public var conversions: Int
    public var conversionsByStatus: StatusCounts
    public var duplicates: Int
    public var statusUpdates: Int
    /// Rejected postbacks by reason wire name.
    public var rejected: [String: Int]
    /// Sum of the payouts of approved conversions.
    public var payoutTotal: Money
    /// conversions ÷ clicks, 0 when there are no clicks.
    public var conversionRate: Double

    public init(
        campaignID: String, clicks: Int = 0, conversions: Int = 0, conversionsByStatus: StatusCounts = .init(),
        duplicates: Int = 0, statusUpdates: Int = 0, rejected: [String: Int] = [:], payoutTotal: Money = .zero,
        conversionRate: Double? = nil
    ) {
        self.campaignID = campaignID
        self.clicks = clicks
        self.conversions = conversions
        self.conversionsByStatus = conversionsByStatus
        self.duplicates = duplicates
        self.statusUpdates = statusUpdates
        self.rejected = rejected
        self.payoutTotal = payoutTotal
        self.conversionRate = conversionRate ?? (clicks == 0 ? 0 : Double(conversions) / Double(clicks))
    }

    /// Counts per conversion status.
    public struct StatusCounts: Sendable, Equatable, Codable {
        public var approved: Int
        public var pending: Int
        public var declined: Int
        public init(approved: Int = 0, pending: Int = 0, declined: Int = 0) {
            self.approved = approved
            self.pending = pending
            self.declined = declined
        }
    }

    enum CodingKeys: String, CodingKey {
        case campaignID = "campaign_id"
        case clicks, conversions
        case conversionsByStatus = "conversions_by_status"
        case duplicates
        case statusUpdates = "status_updates"
        case rejected
        case payoutTotal = "payout_total"
        case conversionRate = "conversion_rate"
    }
}
