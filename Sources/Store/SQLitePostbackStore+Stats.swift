import Foundation
import GRDB
import PostbackCore

extension SQLitePostbackStore {
    /// Every campaign's id, its counters in ``CampaignCounter/allCases`` order, and its payout
    /// total.
    private static let statsQuery =
        "SELECT c.id, " + CampaignCounter.allCases.map { "k.\($0.rawValue)" }.joined(separator: ", ")
        + ", k.payout_total FROM campaigns c LEFT JOIN campaign_counters k ON k.campaign_id = c.id"

    public func stats(campaignID: String) async throws -> CampaignStats? {
        try await read("reading the stats of campaign '\(campaignID)'") { db in
            guard let row = try Row.fetchOne(db, sql: Self.statsQuery + " WHERE c.id = ?", arguments: [campaignID])
            else { return nil }
            let rejected = try Self.rejectedCounts(
                db, sql: "SELECT campaign_id, reason, n FROM rejected_counters WHERE campaign_id = ? AND n > 0",
                arguments: [campaignID])
            return try Self.stats(from: row, rejected: rejected[campaignID] ?? [:])
        }
    }

    public func allStats() async throws -> [CampaignStats] {
        try await read("reading the stats of all campaigns") { db in
            let rows = try Row.fetchAll(db, sql: Self.statsQuery + " ORDER BY c.id")
            let rejected = try Self.rejectedCounts(
                db, sql: "SELECT campaign_id, reason, n FROM rejected_counters WHERE n > 0", arguments: [])
            return try rows.map { row in
                let id: String = try row.decode(atIndex: 0)
                return try Self.stats(from: row, rejected: rejected[id] ?? [:])
            }
        }
    }

    public func postbacks(_ filter: PostbackLogFilter) async throws -> [PostbackLogEntry] {
        let limit = max(0, min(filter.limit, Self.maxLogLimit))
        guard limit > 0 else { return [] }
        let (sql, arguments) = Self.logQuery(filter, limit: limit)
        return try await read("reading the postback log") { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.logEntry(from:))
        }
    }

    /// The query of ``postbacks(_:)``: `filter`'s lines newest first, at most `limit`.
    static func logQuery(_ filter: PostbackLogFilter, limit: Int) -> (sql: String, arguments: StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let campaignID = filter.campaignID {
            conditions.append("campaign_id = ?")
            arguments += [campaignID]
        }
        // The indexes by result and reason hold the lines that were not accepted: a query repeats
        // their conditions to use them; accepted lines are found walking the log backwards.
        if let result = filter.result {
            conditions.append("result = ?")
            arguments += [result.rawValue]
            if result != .accepted { conditions.append(notAccepted) }
        }
        if let reason = filter.reason {
            conditions.append("reason = ?")
            arguments += [reason.rawValue]
            conditions.append(hasReason)
        }
        if let beforeID = filter.beforeID {
            conditions.append("id < ?")
            arguments += [beforeID]
        }
        arguments += [limit]
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return ("SELECT \(StoredColumns.log) FROM postback_log\(whereClause) ORDER BY id DESC LIMIT ?", arguments)
    }

    // MARK: - Rows

    /// A row of ``statsQuery`` with the campaign's rejected counts.
    private static func stats(from row: Row, rejected: [String: Int64]) throws -> CampaignStats {
        let id: String = try row.decode(atIndex: 0)
        var counts = CampaignCounts()
        for (index, counter) in CampaignCounter.allCases.enumerated() {
            counts[counter] = try row.decode(Int64?.self, atIndex: index + 1) ?? 0
        }
        let payoutText: String? = try row.decode(atIndex: CampaignCounter.allCases.count + 1)
        counts.payoutTotal =
            try payoutText.map { try StoredValue.decimal($0, "payout_total", of: "counters of campaign '\(id)'") } ?? 0
        counts.rejected = rejected
        return CampaignStats(campaignID: id, counts: counts)
    }

    /// Rejected counts by campaign, then by reason wire name.
    private static func rejectedCounts(_ db: Database, sql: String, arguments: StatementArguments) throws
        -> [String: [String: Int64]]
    {
        var counts: [String: [String: Int64]] = [:]
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            let campaignID: String = try row.decode(atIndex: 0)
            let reason: String = try row.decode(atIndex: 1)
            counts[campaignID, default: [:]][reason] = try row.decode(Int64.self, atIndex: 2)
        }
        return counts
    }
}
