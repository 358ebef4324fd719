import Foundation
import GRDB
import PostbackCore
import Testing

@testable import Store

/// The queries behind the admin API stay index lookups, whatever the size of the tables.
struct QueryPlanTests {
    private func plan(_ store: SQLitePostbackStore, _ sql: String, _ arguments: StatementArguments) async throws
        -> String
    {
        try await store.writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments)
                .map { row in (try? row.decode(String.self, forColumn: "detail")) ?? "" }
                .joined(separator: "\n")
        }
    }

    @Test(arguments: [
        (PostbackLogFilter(campaignID: "x"), "postback_log_by_campaign"),
        (PostbackLogFilter(result: .rejected), "postback_log_by_result"),
        (PostbackLogFilter(result: .duplicate), "postback_log_by_result"),
        (PostbackLogFilter(reason: .unknownClick), "postback_log_by_reason"),
    ])
    func logFiltersUseAnIndexAndNoSort(filter: PostbackLogFilter, index: String) async throws {
        let store = try SQLitePostbackStore(path: nil)
        let (sql, arguments) = SQLitePostbackStore.logQuery(filter, limit: 10)
        let detail = try await plan(store, sql, arguments)
        #expect(detail.contains(index), "\(detail)")
        #expect(!detail.contains("TEMP B-TREE"), "\(detail)")
    }

    @Test("accepted lines are in no index by result or reason; they are read walking the log backwards")
    func acceptedLinesAreNotIndexedByResultOrReason() async throws {
        let store = try SQLitePostbackStore(path: nil)
        let definitions = try await store.writer.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT sql FROM sqlite_master WHERE name IN ('postback_log_by_result', 'postback_log_by_reason')")
        }
        #expect(definitions.count == 2)
        #expect(definitions.allSatisfy { $0.contains(" WHERE ") }, "\(definitions)")
        let (sql, arguments) = SQLitePostbackStore.logQuery(PostbackLogFilter(result: .accepted), limit: 10)
        let detail = try await plan(store, sql, arguments)
        #expect(!detail.contains("postback_log_by_result") && !detail.contains("TEMP B-TREE"), "\(detail)")
    }

    @Test("a conversion's insert writes no index: conversions are read by row id on the postback path")
    func conversionsHaveNoIndex() async throws {
        let store = try SQLitePostbackStore(path: nil)
        let indexes = try await store.writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'conversions'")
        }
        #expect(indexes.isEmpty, "\(indexes)")
    }

    @Test func theUnfilteredLogIsReadNewestFirstWithoutSorting() async throws {
        let store = try SQLitePostbackStore(path: nil)
        let detail = try await plan(
            store, "SELECT \(StoredColumns.log) FROM postback_log ORDER BY id DESC LIMIT 10", [])
        #expect(!detail.contains("TEMP B-TREE"), "\(detail)")
    }

    @Test func theRecordedConversionIsReadByRowIDAndClickLookupUsesAnIndex() async throws {
        let store = try SQLitePostbackStore(path: nil)
        let dedup = try await plan(
            store, "SELECT campaign_id, dedup_key, status, payout FROM conversions WHERE id = ?", [1])
        #expect(dedup.contains("INTEGER PRIMARY KEY"), "\(dedup)")
        let click = try await plan(store, "SELECT id, campaign_id, created_at FROM clicks WHERE id = ?", ["a"])
        #expect(click.contains("USING INDEX") || click.contains("PRIMARY KEY"), "\(click)")
    }

    /// 100,000 conversions and log lines: stats stay exact and the log answers with its limit.
    @Test(.timeLimit(.minutes(1)))
    func statsAndLogAtOneHundredThousandRows() async throws {
        let store = try SQLitePostbackStore(path: nil)
        try await store.putCampaign(StoreFixtures.campaign("big"))
        let total = 100_000
        try await store.addClicks(StoreFixtures.clicks("big", (0..<total).map { "k\($0)" }))
        let request = StoreFixtures.request(campaignID: "big", clickID: "k")
        try await store.writer.write { db in
            let counters = TransactionCounters()
            for index in 0..<total {
                let candidate = StoreFixtures.candidate(
                    campaignID: "big", clickID: "k\(index)", status: index % 10 == 0 ? .pending : .approved,
                    payout: "0.01")
                _ = try SQLitePostbackStore.record(
                    candidate, request: request, now: StoreFixtures.now, dedup: store.dedup, counters, db)
            }
            try counters.flush(db)
        }
        let stats = try #require(try await store.stats(campaignID: "big"))
        #expect(stats.clicks == total)
        #expect(stats.conversions == total)
        #expect(stats.conversionsByStatus == .init(approved: 90_000, pending: 10_000, declined: 0))
        #expect(stats.payoutTotal == StoreFixtures.money("900"))
        #expect(try await store.recountedStats(campaignID: "big") == stats)
        let page = try await store.postbacks(PostbackLogFilter(campaignID: "big", result: .accepted, limit: 50))
        #expect(page.count == 50)
        #expect(page.first?.conversionID == "cv_\(total)")
    }
}
