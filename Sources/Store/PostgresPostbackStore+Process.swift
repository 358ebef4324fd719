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

    /// Rule 13, carried out: inserts the candidate unless its dedup key is taken, lets
    /// ``ConversionCandidate/decision(recorded:)`` decide against the conversion that holds the
    /// key (read `FOR UPDATE` when the postback gives a status, so that concurrent status updates
    /// of one conversion are decided one at a time), writes the decision's update to that row,
    /// and adds the decision's change to the counters and the verdict to the log.
    static func record(
        _ candidate: ConversionCandidate, request: PostbackRequest, now: Date, _ connection: PostgresConnection,
        _ logger: Logger
    ) async throws -> Verdict {
        let nowSeconds = now.timeIntervalSince1970
        let extra = try StoredValue.encodeJSONList(candidate.extraParameters)
        let payout = StoredValue.text(candidate.payout.value)
        let amount = candidate.amount.map { StoredValue.text($0.value) }
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

        let rowID: Int64
        let decision: ConversionDecision
        if let row = inserted.first {
            rowID = try row.decode(Int64.self)
            decision = candidate.decision(recorded: nil)
        } else {
            // A status update must see, and hold, the latest status; a plain repeat need not wait.
            let existing = try await recordedConversion(candidate, lock: candidate.statusGiven, connection, logger)
            rowID = existing.rowID
            decision = candidate.decision(recorded: existing.conversion)
            if let update = decision.update {
                try await connection.query(
                    """
                    UPDATE conversions SET status = \(update.status.rawValue),
                        payout = \(StoredValue.text(update.payout)), updated_at = \(nowSeconds)
                    WHERE id = \(rowID)
                    """, logger: logger)
            }
        }
        let verdict = decision.verdict(conversionID: "cv_\(rowID)")
        try await countAndLog(
            decision.change, verdict, request: request, campaignID: candidate.campaignID, clickID: candidate.clickID,
            warnings: candidate.warnings, connection, logger)
        return verdict
    }

    // MARK: - Conversions and counters

    /// The conversion that holds the candidate's dedup key, with its row id; `lock` reads it
    /// `FOR UPDATE`.
    private static func recordedConversion(
        _ candidate: ConversionCandidate, lock: Bool, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> (rowID: Int64, conversion: RecordedConversion) {
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
        let conversion = RecordedConversion(
            status: try StoredValue.enumValue(ConversionStatus.self, status, "status", of: what),
            payout: try StoredValue.decimal(payout, "payout", of: what))
        return (rowID, conversion)
    }

    /// `col = campaign_counters.col + excluded.col` for every counter, and the payout total's
    /// exact decimal sum: the update half of the counter upsert.
    private static let counterSums =
        CampaignCounter.allCases.map { "\($0.rawValue) = campaign_counters.\($0.rawValue) + excluded.\($0.rawValue)" }
        .joined(separator: ", ")
        + ", payout_total = (campaign_counters.payout_total::numeric + excluded.payout_total::numeric)::text"

    /// Appends the statement that adds `counts`' counters and payout total to the campaign's
    /// counters in this connection's shard (every value bound). The shard is
    /// `pg_backend_pid() % counterShards`: concurrent transactions on other connections never
    /// wait for this row. Rejections (``CampaignCounts/rejected``) are not written here.
    private static func appendCounterUpsert(
        _ counts: CampaignCounts, campaignID: String, to sql: inout PostgresQuery.StringInterpolation
    ) {
        sql.appendLiteral("INSERT INTO campaign_counters (campaign_id, shard, \(StoredColumns.counters)) VALUES (")
        sql.appendInterpolation(campaignID)
        sql.appendLiteral(", pg_backend_pid() % ")
        sql.appendInterpolation(counterShards)
        for counter in CampaignCounter.allCases {
            sql.appendLiteral(", ")
            sql.appendInterpolation(counts[counter])
        }
        sql.appendLiteral(", ")
        sql.appendInterpolation(StoredValue.text(counts.payoutTotal))
        sql.appendLiteral(") ON CONFLICT (campaign_id, shard) DO UPDATE SET \(counterSums)")
    }

    /// Adds `counts`' counters and payout total to the campaign's counters, in one statement of
    /// the caller's transaction.
    static func count(
        _ counts: CampaignCounts, campaignID: String, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 512, interpolationCount: 10)
        appendCounterUpsert(counts, campaignID: campaignID, to: &sql)
        try await connection.query(PostgresQuery(stringInterpolation: sql), logger: logger)
    }

    // MARK: - Log

    /// Appends the statement that writes one postback's log line.
    private static func appendLogInsert(
        _ verdict: Verdict, request: PostbackRequest, campaignID: String?, clickID: String?, warnings: [String],
        to sql: inout PostgresQuery.StringInterpolation
    ) throws {
        sql.appendLiteral("INSERT INTO postback_log (\(StoredColumns.logInsert)) VALUES (")
        sql.appendInterpolation(request.receivedAt.timeIntervalSince1970)
        for text in [request.method, request.target, request.source] {
            sql.appendLiteral(", ")
            sql.appendInterpolation(text)
        }
        for text in [request.userAgent, verdict.result.rawValue, verdict.reason?.rawValue] {
            sql.appendLiteral(", ")
            sql.appendInterpolation(text)
        }
        sql.appendLiteral(", ")
        sql.appendInterpolation(StoredValue.logMessage(verdict))
        for text in [campaignID, clickID] {
            sql.appendLiteral(", ")
            sql.appendInterpolation(text)
        }
        sql.appendLiteral(", ")
        sql.appendInterpolation(verdict.httpStatus)
        sql.appendLiteral(", ")
        sql.appendInterpolation(verdict.conversionID)
        sql.appendLiteral(", ")
        sql.appendInterpolation(try StoredValue.encodeJSONList(warnings))
        sql.appendLiteral(", ")
        sql.appendInterpolation(StoredValue.logBody(request))
        sql.appendLiteral(", ")
        sql.appendInterpolation(StoredValue.logHeaders(request))
        sql.appendLiteral(", ")
        sql.appendInterpolation(request.isTLS)
        sql.appendLiteral(")")
    }

    /// Adds `counts` to the campaign's counters (as ``count(_:campaignID:_:_:)``) and writes the
    /// log line, in one statement (one round trip) of the caller's transaction.
    static func countAndLog(
        _ counts: CampaignCounts, _ verdict: Verdict, request: PostbackRequest, campaignID: String, clickID: String?,
        warnings: [String], _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 1024, interpolationCount: 24)
        sql.appendLiteral("WITH counted AS (")
        appendCounterUpsert(counts, campaignID: campaignID, to: &sql)
        sql.appendLiteral(" RETURNING 1) ")
        try appendLogInsert(
            verdict, request: request, campaignID: campaignID, clickID: clickID, warnings: warnings, to: &sql)
        try await connection.query(PostgresQuery(stringInterpolation: sql), logger: logger)
    }

    /// Writes one postback's log line in the caller's transaction.
    static func appendLog(
        _ verdict: Verdict, request: PostbackRequest, campaignID: String?, clickID: String?, warnings: [String],
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 512, interpolationCount: 14)
        try appendLogInsert(
            verdict, request: request, campaignID: campaignID, clickID: clickID, warnings: warnings, to: &sql)
        try await connection.query(PostgresQuery(stringInterpolation: sql), logger: logger)
    }
}
