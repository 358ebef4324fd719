import Foundation
import GRDB
import PostbackCore

/// What the postbacks decided in one SQLite write transaction change in the campaigns'
/// statistics, written once at the end of that transaction (``flush(_:)``) instead of once per
/// postback, and the campaigns read in it.
///
/// The changes themselves come from the core (``ConversionDecision/change``,
/// ``CampaignCounts/rejection(_:)``, ``CampaignCounts/clicks(_:)``); this only adds them up
/// and writes them. Nothing in the transaction reads the counters before the flush, and
/// nothing else writes while it runs, so the counters committed are exactly those of one
/// postback at a time. Made and used inside one transaction only (not `Sendable`).
final class TransactionCounters {
    private var changes: [String: CampaignCounts] = [:]
    private var campaigns: [String: Campaign?] = [:]

    /// `UPDATE campaign_counters SET clicks = clicks + ?, … WHERE campaign_id = ?`, one bound
    /// value per ``CampaignCounter`` in `allCases` order, then the campaign id.
    private static let addCounters =
        "UPDATE campaign_counters SET "
        + CampaignCounter.allCases.map { "\($0.rawValue) = \($0.rawValue) + ?" }.joined(separator: ", ")
        + " WHERE campaign_id = ?"

    /// The campaign `id` as stored, read once per transaction.
    ///
    /// - Throws: ``StoreError`` `.unavailable` when the stored row does not decode; GRDB's
    ///   error when the read fails.
    func campaign(id: String, _ db: Database) throws -> Campaign? {
        if let known = campaigns[id] { return known }
        let campaign = try SQLitePostbackStore.fetchCampaign(id: id, db)
        campaigns[id] = campaign
        return campaign
    }

    /// Adds `change` to campaign `campaignID`'s statistics at the flush. Rejections count only
    /// when the campaign exists then.
    func add(_ change: CampaignCounts, campaignID: String) {
        changes[campaignID, default: CampaignCounts()].add(change)
    }

    /// Writes every change, in the transaction, before its commit, and starts afresh.
    ///
    /// - Throws: ``StoreError`` `.unavailable` when a stored payout total does not decode;
    ///   GRDB's error when a write fails.
    func flush(_ db: Database) throws {
        defer { changes = [:] }
        for (campaignID, change) in changes {
            if !change.countersAreZero {
                let update = try db.cachedStatement(sql: Self.addCounters)
                var arguments = StatementArguments(CampaignCounter.allCases.map { change[$0] })
                arguments += [campaignID]
                try update.execute(arguments: arguments)
                if change.payoutTotal != 0 {
                    try Self.addToPayoutTotal(change.payoutTotal, campaignID: campaignID, db)
                }
            }
            if !change.rejected.isEmpty {
                let count = try db.cachedStatement(
                    sql: """
                        INSERT INTO rejected_counters (campaign_id, reason, n)
                        SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM campaigns WHERE id = ?)
                        ON CONFLICT (campaign_id, reason) DO UPDATE SET n = n + excluded.n
                        """)
                for (reason, n) in change.rejected {
                    try count.execute(arguments: [campaignID, reason, n, campaignID])
                }
            }
        }
    }

    /// Adds `amount` (negative to take a payout out) to the campaign's exact decimal total,
    /// which SQLite keeps as text (its own numbers are binary floating point).
    private static func addToPayoutTotal(_ amount: Decimal, campaignID: String, _ db: Database) throws {
        let select = try db.cachedStatement(sql: "SELECT payout_total FROM campaign_counters WHERE campaign_id = ?")
        let current = try String.fetchOne(select, arguments: [campaignID]) ?? "0"
        let total =
            try StoredValue.decimal(current, "payout_total", of: "counters of campaign '\(campaignID)'") + amount
        let update = try db.cachedStatement(
            sql: "UPDATE campaign_counters SET payout_total = ? WHERE campaign_id = ?")
        try update.execute(arguments: [StoredValue.text(total), campaignID])
    }
}
