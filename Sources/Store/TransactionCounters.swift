import Foundation
import GRDB
import PostbackCore

/// What the postbacks decided in one write transaction change in the counters, written once
/// at the end of that transaction (``flush(_:)``) instead of once per postback, and the
/// campaigns read in it.
///
/// Nothing in the transaction reads the counters before the flush, and nothing else writes
/// while it runs, so the counters committed are exactly those of one postback at a time. Made
/// and used inside one transaction only.
final class TransactionCounters {
    private struct CampaignDelta {
        var conversions = 0
        var approved = 0
        var pending = 0
        var declined = 0
        var duplicates = 0
        var statusUpdates = 0
        var payout = Decimal(0)
        var payoutChanged = false

        mutating func add(_ status: ConversionStatus, _ n: Int) {
            switch status {
            case .approved: approved += n
            case .pending: pending += n
            case .declined: declined += n
            }
        }
    }

    private struct RejectedKey: Hashable {
        var campaignID: String
        var reason: String
    }

    private var deltas: [String: CampaignDelta] = [:]
    private var rejected: [RejectedKey: Int] = [:]
    private var campaigns: [String: Campaign?] = [:]

    /// The campaign `id` as stored, read once per transaction.
    func campaign(id: String, _ db: Database) throws -> Campaign? {
        if let known = campaigns[id] { return known }
        let campaign = try SQLitePostbackStore.fetchCampaign(id: id, db)
        campaigns[id] = campaign
        return campaign
    }

    func newConversion(campaignID: String, status: ConversionStatus, payout: Decimal) {
        deltas[campaignID, default: CampaignDelta()].conversions += 1
        deltas[campaignID, default: CampaignDelta()].add(status, 1)
        if status == .approved { addPayout(payout, campaignID: campaignID) }
    }

    func statusUpdate(
        campaignID: String, from old: ConversionStatus, to new: ConversionStatus, oldPayout: Decimal,
        newPayout: Decimal
    ) {
        deltas[campaignID, default: CampaignDelta()].statusUpdates += 1
        deltas[campaignID, default: CampaignDelta()].add(old, -1)
        deltas[campaignID, default: CampaignDelta()].add(new, 1)
        if old == .approved {
            addPayout(-oldPayout, campaignID: campaignID)
        } else if new == .approved {
            addPayout(newPayout, campaignID: campaignID)
        }
    }

    func duplicate(campaignID: String) {
        deltas[campaignID, default: CampaignDelta()].duplicates += 1
    }

    /// A rejection counted for `campaignID` (when that campaign exists at the flush).
    func rejection(campaignID: String, reason: RejectReason) {
        rejected[RejectedKey(campaignID: campaignID, reason: reason.rawValue), default: 0] += 1
    }

    private func addPayout(_ amount: Decimal, campaignID: String) {
        deltas[campaignID, default: CampaignDelta()].payout += amount
        deltas[campaignID, default: CampaignDelta()].payoutChanged = true
    }

    /// Writes every change, in the transaction, before its commit.
    func flush(_ db: Database) throws {
        if !deltas.isEmpty {
            let update = try db.cachedStatement(
                sql: """
                    UPDATE campaign_counters SET conversions = conversions + ?, approved = approved + ?,
                        pending = pending + ?, declined = declined + ?, duplicates = duplicates + ?,
                        status_updates = status_updates + ?
                    WHERE campaign_id = ?
                    """)
            for (campaignID, delta) in deltas {
                try update.execute(arguments: [
                    delta.conversions, delta.approved, delta.pending, delta.declined, delta.duplicates,
                    delta.statusUpdates, campaignID,
                ])
                if delta.payoutChanged {
                    try SQLitePostbackStore.addToPayoutTotal(delta.payout, campaignID: campaignID, db)
                }
            }
        }
        if !rejected.isEmpty {
            let count = try db.cachedStatement(
                sql: """
                    INSERT INTO rejected_counters (campaign_id, reason, n)
                    SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM campaigns WHERE id = ?)
                    ON CONFLICT (campaign_id, reason) DO UPDATE SET n = n + excluded.n
                    """)
            for (key, n) in rejected {
                try count.execute(arguments: [key.campaignID, key.reason, n, key.campaignID])
            }
        }
        deltas = [:]
        rejected = [:]
    }
}
