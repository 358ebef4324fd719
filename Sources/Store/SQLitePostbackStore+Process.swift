import Foundation
import GRDB
import PostbackCore

extension SQLitePostbackStore {
    public func process(_ request: PostbackRequest, now: Date) async throws -> Verdict {
        try await groupCommit.submit(work(for: request, now: now))
    }

    /// Decided on the group commit's queue, without a task: `completion` is called there, once,
    /// after the commit.
    public func process(
        _ request: PostbackRequest, now: Date, completion: @escaping @Sendable (Result<Verdict, any Error>) -> Void
    ) {
        groupCommit.submit(work(for: request, now: now), completion: completion)
    }

    /// The rule chain and writes of one postback, as a unit of a group commit's transaction.
    /// The request is parsed here, by the caller, outside the write transaction.
    private func work(for request: PostbackRequest, now: Date) -> GroupCommit.Work {
        let parsed = rules.parse(request)
        let rules = self.rules
        let dedup = self.dedup
        return { db, counters in
            switch parsed {
            case .failure(let rejection):
                return try Self.reject(
                    rejection, campaignID: rejection.campaignID, clickID: rejection.clickID, request: request,
                    counters, db)
            case .success(let postback):
                let campaign = try counters.campaign(id: postback.campaignID, db)
                let click = try Self.fetchClick(id: postback.clickID, db)
                switch rules.evaluate(postback, campaign: campaign, click: click, now: now) {
                case .failure(let rejection):
                    return try Self.reject(
                        rejection, campaignID: rejection.campaignID ?? postback.campaignID,
                        clickID: rejection.clickID ?? postback.clickID, request: request, counters, db)
                case .success(let candidate):
                    return try Self.record(candidate, request: request, now: now, dedup: dedup, counters, db)
                }
            }
        }
    }

    /// Rule 13 alone, in its own transaction, for a candidate that rules 4–12 already accepted.
    func record(_ candidate: ConversionCandidate, request: PostbackRequest, now: Date) async throws -> Verdict {
        try await write("recording a conversion") { db in
            let counters = TransactionCounters()
            let verdict = try Self.record(candidate, request: request, now: now, dedup: dedup, counters, db)
            try counters.flush(db)
            return verdict
        }
    }

    /// A rejection alone, in its own transaction: logged and counted like ``process(_:now:)`` does.
    func reject(_ rejection: Rejection, request: PostbackRequest) async throws -> Verdict {
        try await write("recording a rejection") { db in
            let counters = TransactionCounters()
            let verdict = try Self.reject(
                rejection, campaignID: rejection.campaignID, clickID: rejection.clickID, request: request, counters,
                db)
            try counters.flush(db)
            return verdict
        }
    }

    /// Logs a rejection and counts it (in `counters`) for `campaignID` when that campaign exists.
    static func reject(
        _ rejection: Rejection, campaignID: String?, clickID: String?, request: PostbackRequest,
        _ counters: TransactionCounters, _ db: Database
    ) throws -> Verdict {
        if let campaignID {
            counters.add(.rejection(rejection.reason), campaignID: campaignID)
        }
        let verdict = Verdict(rejection)
        try appendLog(verdict, request: request, campaignID: campaignID, clickID: clickID, warnings: [], db)
        return verdict
    }

    /// Rule 13, carried out: finds the conversion that holds the candidate's dedup key through
    /// `dedup` (the in-memory index; the row's own key is compared), lets
    /// ``ConversionCandidate/decision(recorded:)`` decide, inserts a new conversion or writes the
    /// decision's update to the recorded one, and logs the verdict. The statistics change in
    /// `counters`.
    static func record(
        _ candidate: ConversionCandidate, request: PostbackRequest, now: Date, dedup: DedupIndex,
        _ counters: TransactionCounters, _ db: Database
    ) throws -> Verdict {
        let nowSeconds = now.timeIntervalSince1970
        let hash = candidate.dedupKey.map { DedupIndex.hash(campaignID: candidate.campaignID, dedupKey: $0) }
        let recorded = try hash.flatMap { try recordedConversion(candidate, rows: dedup.rows(for: $0), db) }

        let rowID: Int64
        let decision: ConversionDecision
        if let recorded {
            rowID = recorded.rowID
            decision = candidate.decision(recorded: recorded.conversion)
            if let update = decision.update {
                let statement = try db.cachedStatement(
                    sql: "UPDATE conversions SET status = ?, payout = ?, updated_at = ? WHERE id = ?")
                try statement.execute(arguments: [
                    update.status.rawValue, StoredValue.text(update.payout), nowSeconds, rowID,
                ])
            }
        } else {
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO conversions (campaign_id, click_id, event, txid, dedup_key, status, payout, amount,
                        currency, extra_parameters, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            var binding = SQLiteBinding(insert, db)
            binding.bind(.text(candidate.campaignID))
            binding.bind(.text(candidate.clickID))
            binding.bind(.text(candidate.event))
            binding.bind(.text(candidate.txid))
            binding.bind(.text(candidate.dedupKey))
            binding.bind(.text(candidate.status.rawValue))
            binding.bind(.text(StoredValue.text(candidate.payout.value)))
            binding.bind(.text(candidate.amount.map { StoredValue.text($0.value) }))
            binding.bind(.text(candidate.currency))
            binding.bind(.text(try StoredValue.encodeJSONList(candidate.extraParameters)))
            binding.bind(.real(nowSeconds))
            binding.bind(.real(nowSeconds))
            try binding.execute()
            rowID = db.lastInsertedRowID
            if let hash { dedup.insert(hash, rowID: rowID, db) }
            decision = candidate.decision(recorded: nil)
        }
        counters.add(decision.change, campaignID: candidate.campaignID)
        let verdict = decision.verdict(conversionID: "cv_\(rowID)")
        try appendLog(
            verdict, request: request, campaignID: candidate.campaignID, clickID: candidate.clickID,
            warnings: candidate.warnings, db)
        return verdict
    }

    /// Of the rows `rows` that the index names for the candidate's key, the one whose campaign
    /// and dedup key are the candidate's, with its row id; `nil` when none is.
    private static func recordedConversion(_ candidate: ConversionCandidate, rows: [Int64], _ db: Database) throws
        -> (rowID: Int64, conversion: RecordedConversion)?
    {
        guard !rows.isEmpty else { return nil }
        let select = try db.cachedStatement(
            sql: "SELECT campaign_id, dedup_key, status, payout FROM conversions WHERE id = ?")
        for rowID in rows {
            guard let row = try Row.fetchOne(select, arguments: [rowID]),
                row[0] as String? == candidate.campaignID, row[1] as String? == candidate.dedupKey
            else { continue }
            let what = "conversion cv_\(rowID)"
            let status: String = try row.decode(atIndex: 2)
            let conversion = RecordedConversion(
                status: try StoredValue.enumValue(ConversionStatus.self, status, "status", of: what),
                payout: try StoredValue.decimal(try row.decode(atIndex: 3), "payout", of: what))
            return (rowID, conversion)
        }
        return nil
    }

    // MARK: - Log

    /// Appends the log line of one postback to the postback log.
    static func appendLog(
        _ verdict: Verdict, request: PostbackRequest, campaignID: String?, clickID: String?, warnings: [String],
        _ db: Database
    ) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO postback_log (\(StoredColumns.logInsert))
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        var binding = SQLiteBinding(insert, db)
        binding.bind(.real(request.receivedAt.timeIntervalSince1970))
        binding.bind(.text(request.method))
        binding.bind(.text(request.target))
        binding.bind(.text(request.source))
        binding.bind(.text(request.userAgent))
        binding.bind(.text(verdict.result.rawValue))
        binding.bind(.text(verdict.reason?.rawValue))
        binding.bind(.text(StoredValue.logMessage(verdict)))
        binding.bind(.text(campaignID))
        binding.bind(.text(clickID))
        binding.bind(.integer(Int64(verdict.httpStatus)))
        binding.bind(.text(verdict.conversionID))
        binding.bind(.text(try StoredValue.encodeJSONList(warnings)))
        binding.bind(.text(StoredValue.logBody(request)))
        binding.bind(.text(StoredValue.logHeaders(request)))
        binding.bind(request.isTLS.map { .integer($0 ? 1 : 0) } ?? .null)
        try binding.execute()
    }
}
