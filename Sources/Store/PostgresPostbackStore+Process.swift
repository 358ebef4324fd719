import Foundation
import Logging
import PostbackCore
import PostgresNIO

extension PostgresPostbackStore {
    public func process(_ request: PostbackRequest, now: Date) async throws -> Verdict {
        let parsed = rules.parse(request)
        let rules = self.rules
        return try await transaction("recording a postback") { connection, logger in
            switch parsed {
            case .failure(let rejection):
                return try await Self.reject(
                    rejection.reason, verdict: Verdict(rejection), campaignID: rejection.campaignID,
                    clickID: rejection.clickID, request: request, connection, logger)
            case .success(let postback):
                let (campaign, click) = try await Self.fetchCampaignAndClick(
                    campaignID: postback.campaignID, clickID: postback.clickID, connection, logger)
                switch rules.evaluate(postback, campaign: campaign, click: click, now: now) {
                case .failure(let rejection):
                    return try await Self.reject(
                        rejection.reason, verdict: Verdict(rejection),
                        campaignID: rejection.campaignID ?? postback.campaignID,
                        clickID: rejection.clickID ?? postback.clickID, request: request, connection, logger)
                case .success(let candidate):
                    return try await Self.record(candidate, request: request, now: now, connection, logger)
                }
            }
        }
    }

    public func recordRejection(_ verdict: Verdict, request: PostbackRequest) async throws {
        let (campaignID, clickID) = rules.identifiers(of: request)
        try await transaction("recording a rejected request") { connection, logger in
            _ = try await Self.reject(
                verdict.reason, verdict: verdict, campaignID: campaignID, clickID: clickID, request: request,
                connection, logger)
        }
    }

    /// Logs a rejection and, with a reason, counts it for `campaignID` when that campaign exists.
    static func reject(
        _ reason: RejectReason?, verdict: Verdict, campaignID: String?, clickID: String?, request: PostbackRequest,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> Verdict {
        if let campaignID, let reason {
            try await connection.query(
                """
                INSERT INTO rejected_counters (campaign_id, reason, shard, n)
                SELECT \(campaignID), \(reason.rawValue), pg_backend_pid() % \(Self.counterShards), 1
                WHERE EXISTS (SELECT 1 FROM campaigns WHERE id = \(campaignID))
                ON CONFLICT (campaign_id, reason, shard) DO UPDATE SET n = rejected_counters.n + 1
                """, logger: logger)
        }
        try await appendLog(
            verdict, request: request, campaignID: campaignID, clickID: clickID, warnings: [], connection, logger)
        return verdict
    }

    /// Rule 13: records the candidate, or recognises it as a duplicate or a status update of the
    /// conversion already recorded under its dedup key (read `FOR UPDATE`, so that concurrent
    /// status updates of one conversion are decided one at a time). Logs the verdict.
    static func record(
        _ candidate: ConversionCandidate, request: PostbackRequest, now: Date, _ connection: PostgresConnection,
        _ logger: Logger
    ) async throws -> Verdict {
        let nowSeconds = now.timeIntervalSince1970
        let extra =
            candidate.extraParameters.isEmpty ? "[]" : try SQLitePostbackStore.encodeJSON(candidate.extraParameters)
        let payout = SQLitePostbackStore.text(candidate.payout.value)
        let amount = candidate.amount.map { SQLitePostbackStore.text($0.value) }
        let inserted = try await connection.query(
            """
            INSERT INTO conversions (campaign_id, click_id, event, txid, dedup_key, status, payout, amount,
                currency, extra_parameters, created_at, updated_at)
            VALUES (\(candidate.campaignID), \(candidate.clickID), \(candidate.event), \(candidate.txid),
                \(candidate.dedupKey), \(candidate.status.rawValue), \(payout), \(amount), \(candidate.currency),
                \(extra), \(nowSeconds), \(nowSeconds))
            ON CONFLICT (campaign_id, dedup_key) DO NOTHING
            RETURNING id
            """, logger: logger
        ).collect()

        let verdict: Verdict
        let delta: CounterDelta
        if let row = inserted.first {
            let rowID = try row.decode(Int64.self)
            var added = CounterDelta(conversions: 1)
            added.add(1, to: candidate.status)
            if candidate.status == .approved { added.payout = candidate.payout.value }
            delta = added
            verdict = .accepted(conversionID: "cv_\(rowID)")
        } else {
            // A status update must see, and hold, the latest status; a plain repeat need not wait.
            let existing = try await existingConversion(candidate, lock: candidate.statusGiven, connection, logger)
            let conversionID = "cv_\(existing.rowID)"
            if candidate.statusGiven && candidate.status != existing.status {
                let payout = candidate.payoutAfterStatusUpdate(current: existing.payout)
                let payoutText = SQLitePostbackStore.text(payout)
                try await connection.query(
                    """
                    UPDATE conversions SET status = \(candidate.status.rawValue), payout = \(payoutText),
                        updated_at = \(nowSeconds)
                    WHERE id = \(existing.rowID)
                    """, logger: logger)
                var moved = CounterDelta(statusUpdates: 1)
                moved.add(-1, to: existing.status)
                moved.add(1, to: candidate.status)
                if existing.status == .approved { moved.payout = -existing.payout }
                if candidate.status == .approved { moved.payout = payout }
                delta = moved
                verdict = .statusUpdated(conversionID: conversionID, from: existing.status, to: candidate.status)
            } else {
                delta = CounterDelta(duplicates: 1)
                verdict = .duplicate(conversionID: conversionID)
            }
        }
        try await countAndLog(
            delta, verdict, request: request, campaignID: candidate.campaignID, clickID: candidate.clickID,
            warnings: candidate.warnings, connection, logger)
        return verdict
    }

    // MARK: - Conversions and counters

    private struct StoredConversion {
        var rowID: Int64
        var status: ConversionStatus
        var payout: Decimal
    }

    private static func existingConversion(
        _ candidate: ConversionCandidate, lock: Bool, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> StoredConversion {
        let lockClause = lock ? "FOR UPDATE" : ""
        let rows = try await connection.query(
            """
            SELECT id, status, payout FROM conversions
            WHERE campaign_id = \(candidate.campaignID) AND dedup_key = \(candidate.dedupKey)
            \(unescaped: lockClause)
            """, logger: logger
        ).collect()
        guard let row = rows.first else {
            // The insert found a conflicting row, so it exists (and is committed: READ COMMITTED).
            throw StoreError.unavailable(
                "conversion of campaign '\(candidate.campaignID)' with dedup key '\(candidate.dedupKey ?? "")' "
                    + "was neither inserted nor found")
        }
        let (rowID, status, payout) = try row.decode((Int64, String, String).self)
        let what = "conversion cv_\(rowID)"
        return StoredConversion(
            rowID: rowID,
            status: try SQLitePostbackStore.enumValue(ConversionStatus.self, status, "status", of: what),
            payout: try SQLitePostbackStore.decimal(payout, "payout", of: what))
    }

    /// Changes to a campaign's counters, added to this connection's shard row.
    struct CounterDelta {
        var clicks: Int64 = 0
        var conversions: Int64 = 0
        var approved: Int64 = 0
        var pending: Int64 = 0
        var declined: Int64 = 0
        var duplicates: Int64 = 0
        var statusUpdates: Int64 = 0
        var payout: Decimal = 0

        mutating func add(_ n: Int64, to status: ConversionStatus) {
            switch status {
            case .approved: approved += n
            case .pending: pending += n
            case .declined: declined += n
            }
        }
    }

    /// Adds `delta` to the campaign's counters in this connection's shard (one fixed statement,
    /// every value bound). The shard is `pg_backend_pid() % counterShards`: concurrent
    /// transactions on other connections never wait for this row.
    static func count(
        _ delta: CounterDelta, campaignID: String, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO campaign_counters (campaign_id, shard, clicks, conversions, approved, pending, declined,
                duplicates, status_updates, payout_total)
            VALUES (\(campaignID), pg_backend_pid() % \(counterShards), \(delta.clicks), \(delta.conversions),
                \(delta.approved), \(delta.pending), \(delta.declined), \(delta.duplicates), \(delta.statusUpdates),
                \(SQLitePostbackStore.text(delta.payout)))
            ON CONFLICT (campaign_id, shard) DO UPDATE SET
                clicks = campaign_counters.clicks + excluded.clicks,
                conversions = campaign_counters.conversions + excluded.conversions,
                approved = campaign_counters.approved + excluded.approved,
                pending = campaign_counters.pending + excluded.pending,
                declined = campaign_counters.declined + excluded.declined,
                duplicates = campaign_counters.duplicates + excluded.duplicates,
                status_updates = campaign_counters.status_updates + excluded.status_updates,
                payout_total = (campaign_counters.payout_total::numeric + excluded.payout_total::numeric)::text
            """, logger: logger)
    }

    // MARK: - Log

    /// Adds `delta` to the campaign's counters (as ``count(_:campaignID:_:_:)``) and writes the
    /// log line, in one statement (one round trip) of the caller's transaction.
    static func countAndLog(
        _ delta: CounterDelta, _ verdict: Verdict, request: PostbackRequest, campaignID: String, clickID: String?,
        warnings: [String], _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let warningsJSON = warnings.isEmpty ? "[]" : try SQLitePostbackStore.encodeJSON(warnings)
        try await connection.query(
            """
            WITH counted AS (
                INSERT INTO campaign_counters (campaign_id, shard, clicks, conversions, approved, pending, declined,
                    duplicates, status_updates, payout_total)
                VALUES (\(campaignID), pg_backend_pid() % \(counterShards), \(delta.clicks), \(delta.conversions),
                    \(delta.approved), \(delta.pending), \(delta.declined), \(delta.duplicates), \(delta.statusUpdates),
                    \(SQLitePostbackStore.text(delta.payout)))
                ON CONFLICT (campaign_id, shard) DO UPDATE SET
                    clicks = campaign_counters.clicks + excluded.clicks,
                    conversions = campaign_counters.conversions + excluded.conversions,
                    approved = campaign_counters.approved + excluded.approved,
                    pending = campaign_counters.pending + excluded.pending,
                    declined = campaign_counters.declined + excluded.declined,
                    duplicates = campaign_counters.duplicates + excluded.duplicates,
                    status_updates = campaign_counters.status_updates + excluded.status_updates,
                    payout_total = (campaign_counters.payout_total::numeric + excluded.payout_total::numeric)::text
                RETURNING 1
            )
            INSERT INTO postback_log (received_at, method, url, source, user_agent, result, reason, message,
                campaign_id, click_id, http_status, conversion_id, warnings, body)
            VALUES (\(request.receivedAt.timeIntervalSince1970), \(request.method), \(request.target),
                \(request.source), \(request.userAgent), \(verdict.result.rawValue), \(verdict.reason?.rawValue),
                \(verdict.message), \(campaignID), \(clickID), \(verdict.httpStatus), \(verdict.conversionID),
                \(warningsJSON), \(SQLitePostbackStore.logBody(request)))
            """, logger: logger)
    }

    static func appendLog(
        _ verdict: Verdict, request: PostbackRequest, campaignID: String?, clickID: String?, warnings: [String],
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let warningsJSON = warnings.isEmpty ? "[]" : try SQLitePostbackStore.encodeJSON(warnings)
        try await connection.query(
            """
            INSERT INTO postback_log (received_at, method, url, source, user_agent, result, reason, message,
                campaign_id, click_id, http_status, conversion_id, warnings, body)
            VALUES (\(request.receivedAt.timeIntervalSince1970), \(request.method), \(request.target),
                \(request.source), \(request.userAgent), \(verdict.result.rawValue), \(verdict.reason?.rawValue),
                \(verdict.message), \(campaignID), \(clickID), \(verdict.httpStatus), \(verdict.conversionID),
                \(warningsJSON), \(SQLitePostbackStore.logBody(request)))
            """, logger: logger)
    }
}
