import Foundation
import Logging
import PostbackCore
import PostgresNIO

extension PostgresPostbackStore {
    // MARK: - Campaigns

    public func putCampaign(_ campaign: Campaign) async throws {
        let events = try StoredValue.encodeEvents(campaign.events)
        let now = Date().timeIntervalSince1970
        try await transaction("saving campaign '\(campaign.id)'") { connection, logger in
            try await connection.query(
                """
                INSERT INTO campaigns (\(unescaped: StoredColumns.campaignInsert))
                VALUES (\(campaign.id), \(campaign.status.rawValue), \(campaign.type.rawValue),
                    \(StoredValue.text(campaign.payout.value)), \(events), \(campaign.token),
                    \(campaign.conversionWindowDays), \(campaign.defaultConversionStatus.rawValue),
                    \(campaign.trackingLink), \(campaign.dedup.rawValue), \(now), \(now))
                ON CONFLICT (id) DO UPDATE SET \(unescaped: StoredColumns.campaignReplace)
                """, logger: logger)
        }
    }

    public func campaign(id: String) async throws -> Campaign? {
        try await read("reading campaign '\(id)'") { connection, logger in
            try await Self.fetchCampaign(id: id, connection, logger)
        }
    }

    public func campaigns() async throws -> [Campaign] {
        try await read("listing campaigns") { connection, logger in
            try await connection.query(
                "SELECT \(unescaped: StoredColumns.campaign) FROM campaigns ORDER BY id", logger: logger
            ).collect().map(Self.campaign(from:))
        }
    }

    public func deleteCampaign(id: String) async throws -> Bool {
        try await transaction("deleting campaign '\(id)'") { connection, logger in
            let removed = try await connection.query(
                "DELETE FROM campaigns WHERE id = \(id) RETURNING id", logger: logger
            ).collect()
            guard !removed.isEmpty else { return false }
            try await connection.query("DELETE FROM clicks WHERE campaign_id = \(id)", logger: logger)
            try await connection.query("DELETE FROM conversions WHERE campaign_id = \(id)", logger: logger)
            try await connection.query("DELETE FROM postback_log WHERE campaign_id = \(id)", logger: logger)
            try await connection.query("DELETE FROM campaign_counters WHERE campaign_id = \(id)", logger: logger)
            try await connection.query("DELETE FROM rejected_counters WHERE campaign_id = \(id)", logger: logger)
            return true
        }
    }

    static func fetchCampaign(id: String, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> Campaign?
    {
        try await connection.query(
            "SELECT \(unescaped: StoredColumns.campaign) FROM campaigns WHERE id = \(id)", logger: logger
        ).collect().first.map(campaign(from:))
    }

    /// The campaign and the click of a postback in one round trip (either may be missing).
    static func fetchCampaignAndClick(
        campaignID: String, clickID: String, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> (Campaign?, Click?) {
        let rows = try await connection.query(
            """
            SELECT c.id, c.status, c.type, c.payout, c.events, c.token, c.conversion_window_days,
                c.default_conversion_status, c.tracking_link, c.dedup, k.id, k.campaign_id, k.created_at
            FROM (SELECT 1) AS one
            LEFT JOIN campaigns c ON c.id = \(campaignID)
            LEFT JOIN clicks k ON k.id = \(clickID)
            """, logger: logger
        ).collect()
        guard let row = rows.first else { return (nil, nil) }
        let (
            id, status, type, payout, events, token, window, defaultStatus, link, dedup, clickRowID, clickCampaign,
            clickCreated
        ) = try row.decode(
            (
                String?, String?, String?, String?, String?, String?, Int64?, String?, String?, String?, String?,
                String?, Double?
            ).self)
        var click: Click?
        if let clickRowID, let clickCampaign, let clickCreated {
            click = Click(
                id: clickRowID, campaignID: clickCampaign, createdAt: Date(timeIntervalSince1970: clickCreated))
        }
        guard let id, let status, let type, let payout, let window, let defaultStatus, let dedup else {
            return (nil, click)
        }
        let campaign = try campaign(
            id: id, status: status, type: type, payout: payout, events: events, token: token, window: window,
            defaultStatus: defaultStatus, link: link, dedup: dedup)
        return (campaign, click)
    }

    static func campaign(from row: PostgresRow) throws -> Campaign {
        let (id, status, type, payout, events, token, window, defaultStatus, link, dedup) = try row.decode(
            (String, String, String, String, String?, String?, Int64, String, String?, String).self)
        return try campaign(
            id: id, status: status, type: type, payout: payout, events: events, token: token, window: window,
            defaultStatus: defaultStatus, link: link, dedup: dedup)
    }

    static func campaign(
        id: String, status: String, type: String, payout: String, events: String?, token: String?, window: Int64,
        defaultStatus: String, link: String?, dedup: String
    ) throws -> Campaign {
        let what = "campaign '\(id)'"
        return Campaign(
            id: id,
            status: try StoredValue.enumValue(CampaignStatus.self, status, "status", of: what),
            type: try StoredValue.enumValue(CampaignType.self, type, "type", of: what),
            payout: try StoredValue.money(payout, "payout", of: what),
            events: try events.map { try StoredValue.decodeEvents($0, of: what) },
            token: token,
            conversionWindowDays: Int(window),
            defaultConversionStatus: try StoredValue.enumValue(
                ConversionStatus.self, defaultStatus, "default_conversion_status", of: what),
            trackingLink: link,
            dedup: try StoredValue.enumValue(DedupMode.self, dedup, "dedup", of: what))
    }

    // MARK: - Clicks

    public func addClicks(_ clicks: [Click]) async throws {
        guard !clicks.isEmpty else { return }
        try await transaction("recording \(clicks.count) click(s)") { connection, logger in
            var counts: [String: Int64] = [:]
            var order: [String] = []
            for click in clicks where counts[click.campaignID] == nil {
                let exists = try await connection.query(
                    "SELECT 1 FROM campaigns WHERE id = \(click.campaignID)", logger: logger
                ).collect()
                guard !exists.isEmpty else { throw StoreError.unknownCampaign(click.campaignID) }
                counts[click.campaignID] = 0
                order.append(click.campaignID)
            }
            // One statement for the whole batch; a click id issued before (or twice in the batch)
            // is not returned, which fails the batch.
            let ids = clicks.map(\.id)
            let campaignIDs = clicks.map(\.campaignID)
            let dates = clicks.map { $0.createdAt.timeIntervalSince1970 }
            let insertedRows = try await connection.query(
                """
                INSERT INTO clicks (id, campaign_id, created_at)
                SELECT * FROM unnest(\(ids)::text[], \(campaignIDs)::text[], \(dates)::float8[])
                ON CONFLICT (id) DO NOTHING
                RETURNING id
                """, logger: logger
            ).collect()
            let inserted = Set(try insertedRows.map { try $0.decode(String.self) })
            if inserted.count != clicks.count {
                var seen: Set<String> = []
                let duplicate =
                    clicks.first { !inserted.contains($0.id) || !seen.insert($0.id).inserted }?.id ?? ids[0]
                throw StoreError.duplicateClick(duplicate)
            }
            for click in clicks { counts[click.campaignID, default: 0] += 1 }
            for campaignID in order {
                try await Self.count(
                    .clicks(counts[campaignID] ?? 0), campaignID: campaignID, connection, logger)
            }
        }
    }

    public func click(id: String) async throws -> Click? {
        try await read("reading click '\(id)'") { connection, logger in
            try await Self.fetchClick(id: id, connection, logger)
        }
    }

    static func fetchClick(id: String, _ connection: PostgresConnection, _ logger: Logger) async throws -> Click? {
        guard
            let row = try await connection.query(
                "SELECT id, campaign_id, created_at FROM clicks WHERE id = \(id)", logger: logger
            ).collect().first
        else { return nil }
        let (clickID, campaignID, createdAt) = try row.decode((String, String, Double).self)
        return Click(id: clickID, campaignID: campaignID, createdAt: Date(timeIntervalSince1970: createdAt))
    }

    // MARK: - Statistics

    /// Every campaign's id, its counters in ``CampaignCounter/allCases`` order and its payout
    /// total, each summed over the shards (`GROUP BY c.id` follows).
    private static let statsQuery =
        "SELECT c.id, " + CampaignCounter.allCases.map { "SUM(k.\($0.rawValue))::int8" }.joined(separator: ", ")
        + ", SUM(k.payout_total::numeric)::text FROM campaigns c LEFT JOIN campaign_counters k ON k.campaign_id = c.id"

    public func stats(campaignID: String) async throws -> CampaignStats? {
        try await read("reading the stats of campaign '\(campaignID)'") { connection, logger in
            guard
                let row = try await connection.query(
                    "\(unescaped: Self.statsQuery) WHERE c.id = \(campaignID) GROUP BY c.id", logger: logger
                ).collect().first
            else { return nil }
            let rejected = try await Self.rejectedCounts(
                connection, logger,
                """
                SELECT campaign_id, reason, SUM(n)::int8 FROM rejected_counters WHERE campaign_id = \(campaignID)
                GROUP BY campaign_id, reason HAVING SUM(n) > 0
                """)
            return try Self.stats(from: row, rejected: rejected[campaignID] ?? [:])
        }
    }

    public func allStats() async throws -> [CampaignStats] {
        try await read("reading the stats of all campaigns") { connection, logger in
            let rows = try await connection.query(
                "\(unescaped: Self.statsQuery) GROUP BY c.id ORDER BY c.id", logger: logger
            )
            .collect()
            let rejected = try await Self.rejectedCounts(
                connection, logger,
                "SELECT campaign_id, reason, SUM(n)::int8 FROM rejected_counters GROUP BY campaign_id, reason HAVING SUM(n) > 0"
            )
            return try rows.map { row in
                let id = try row.decode((String, Int64?).self).0
                return try Self.stats(from: row, rejected: rejected[id] ?? [:])
            }
        }
    }

    /// A row of ``statsQuery`` with the campaign's rejected counts.
    private static func stats(from row: PostgresRow, rejected: [String: Int64]) throws -> CampaignStats {
        let columns = row.makeRandomAccess()
        let id = try columns[0].decode(String.self)
        var counts = CampaignCounts()
        for (index, counter) in CampaignCounter.allCases.enumerated() {
            counts[counter] = try columns[index + 1].decode(Int64?.self) ?? 0
        }
        let payoutText = try columns[CampaignCounter.allCases.count + 1].decode(String?.self)
        counts.payoutTotal =
            try payoutText.map { try StoredValue.decimal($0, "payout_total", of: "counters of campaign '\(id)'") } ?? 0
        counts.rejected = rejected
        return CampaignStats(campaignID: id, counts: counts)
    }

    private static func rejectedCounts(_ connection: PostgresConnection, _ logger: Logger, _ query: PostgresQuery)
        async throws -> [String: [String: Int64]]
    {
        var counts: [String: [String: Int64]] = [:]
        for try await (campaignID, reason, n) in try await connection.query(query, logger: logger).decode(
            (String, String, Int64).self)
        {
            counts[campaignID, default: [:]][reason] = n
        }
        return counts
    }

    // MARK: - Postback log

    public func postbacks(_ filter: PostbackLogFilter) async throws -> [PostbackLogEntry] {
        let limit = max(0, min(filter.limit, Self.maxLogLimit))
        guard limit > 0 else { return [] }
        return try await read("reading the postback log") { connection, logger in
            // Every filter is a bound parameter; NULL means "any".
            let rows = try await connection.query(
                """
                SELECT \(unescaped: StoredColumns.log) FROM postback_log
                WHERE (\(filter.campaignID)::text IS NULL OR campaign_id = \(filter.campaignID))
                    AND (\(filter.result?.rawValue)::text IS NULL OR result = \(filter.result?.rawValue))
                    AND (\(filter.reason?.rawValue)::text IS NULL OR reason = \(filter.reason?.rawValue))
                    AND (\(filter.beforeID)::bigint IS NULL OR id < \(filter.beforeID))
                ORDER BY id DESC LIMIT \(limit)
                """, logger: logger
            ).collect()
            return try rows.map(Self.logEntry(from:))
        }
    }

    static func logEntry(from row: PostgresRow) throws -> PostbackLogEntry {
        let (
            id, receivedAt, method, url, source, userAgent, result, reason, message, campaignID, clickID, httpStatus,
            conversionID, warnings, body, headers, tls
        ) = try row.decode(
            (
                Int64, Double, String, String, String, String?, String, String?, String, String?, String?, Int64,
                String?, String, String?, String?, Bool?
            ).self)
        let what = "postback log line \(id)"
        let decided = try StoredValue.enumValue(PostbackResult.self, result, "result", of: what)
        return PostbackLogEntry(
            id: id, receivedAt: Date(timeIntervalSince1970: receivedAt), method: method, url: url, source: source,
            userAgent: userAgent, result: decided,
            reason: try reason.map { try StoredValue.enumValue(RejectReason.self, $0, "reason", of: what) },
            message: StoredValue.logMessage(stored: message, result: decided, conversionID: conversionID),
            campaignID: campaignID, clickID: clickID, httpStatus: Int(httpStatus),
            conversionID: conversionID,
            warnings: try StoredValue.decodeJSON([String].self, warnings, "warnings", of: what), body: body,
            headers: StoredValue.headers(fromLog: headers), tls: tls)
    }
}
