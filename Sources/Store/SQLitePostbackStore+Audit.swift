import Foundation
import GRDB
import PostbackCore

extension SQLitePostbackStore {
    /// The statistics of a campaign recounted from the raw rows (clicks, conversions and the
    /// postback log) instead of the maintained counters; `nil` for an unknown campaign.
    ///
    /// Slow (it reads every row of the campaign): for tests and for checking a store by hand.
    /// It equals ``stats(campaignID:)`` whenever the counters are right (and the campaign
    /// existed when its rejected postbacks arrived: those sent before it was created are in the
    /// log but were not counted).
    public func recountedStats(campaignID: String) async throws -> CampaignStats? {
        try await read("recounting the stats of campaign '\(campaignID)'") { db in
            guard try Self.campaignExists(campaignID, db) else { return nil }
            let clicks =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM clicks WHERE campaign_id = ?", arguments: [campaignID]) ?? 0
            var byStatus = CampaignStats.StatusCounts()
            var payoutTotal = Decimal(0)
            let conversions = try Row.fetchCursor(
                db, sql: "SELECT id, status, payout FROM conversions WHERE campaign_id = ?", arguments: [campaignID])
            while let row = try conversions.next() {
                let what = "conversion cv_\(try row.decode(Int64.self, atIndex: 0))"
                switch try StoredValue.enumValue(ConversionStatus.self, try row.decode(atIndex: 1), "status", of: what)
                {
                case .approved:
                    byStatus.approved += 1
                    payoutTotal += try StoredValue.decimal(try row.decode(atIndex: 2), "payout", of: what)
                case .pending: byStatus.pending += 1
                case .declined: byStatus.declined += 1
                }
            }
            var duplicates = 0
            var statusUpdates = 0
            var rejected: [String: Int] = [:]
            let results = try Row.fetchAll(
                db,
                sql: """
                    SELECT result, reason, COUNT(*) FROM postback_log WHERE campaign_id = ?
                    GROUP BY result, reason
                    """,
                arguments: [campaignID])
            for row in results {
                let result: String = try row.decode(atIndex: 0)
                let reason: String? = try row.decode(atIndex: 1)
                let n: Int = try row.decode(atIndex: 2)
                switch PostbackResult(rawValue: result) {
                case .duplicate: duplicates += n
                case .statusUpdated: statusUpdates += n
                case .rejected: if let reason { rejected[reason, default: 0] += n }
                case .accepted, .unavailable, nil: break
                }
            }
            return CampaignStats(
                campaignID: campaignID, clicks: clicks,
                conversions: byStatus.approved + byStatus.pending + byStatus.declined,
                conversionsByStatus: byStatus, duplicates: duplicates, statusUpdates: statusUpdates,
                rejected: rejected, payoutTotal: Money(value: payoutTotal))
        }
    }
}
