import Foundation
import GRDB
import PostbackCore
import Testing

@testable import Store

/// The SQLite store's in-memory dedup index says what the committed table says: entries of a
/// transaction are visible to it, published at its commit, gone at its rollback, rebuilt on open.
struct DedupIndexTests {
    private static func conversionsTable(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE conversions (id INTEGER PRIMARY KEY, campaign_id TEXT, dedup_key TEXT)")
    }

    @Test("an entry is seen by its own transaction, kept at the commit, dropped at a rollback")
    func entriesFollowTheTransaction() throws {
        let queue = try DatabaseQueue()
        try queue.write(Self.conversionsTable)
        let index = DedupIndex()
        let kept = DedupIndex.hash(campaignID: "c", dedupKey: "kept")
        let dropped = DedupIndex.hash(campaignID: "c", dedupKey: "dropped")

        try queue.write { db in
            index.insert(kept, rowID: 1, db)
            #expect(index.rows(for: kept) == [1])
        }
        #expect(index.rows(for: kept) == [1] && index.count == 1)

        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try queue.write { db in
                index.insert(dropped, rowID: 2, db)
                #expect(index.rows(for: dropped) == [2])
                throw Abort()
            }
        }
        #expect(index.rows(for: dropped).isEmpty && index.count == 1)

        // The next transaction registers its hooks again.
        try queue.write { db in index.insert(dropped, rowID: 3, db) }
        #expect(index.rows(for: dropped) == [3] && index.count == 2)
    }

    @Test("rebuilt from the table: keyed rows only; removing an entry keeps the others of its hash")
    func rebuildAndRemove() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try Self.conversionsTable(db)
            try db.execute(
                sql: "INSERT INTO conversions VALUES (1, 'c', 'a'), (2, 'c', 'b'), (3, 'c', NULL), (4, 'd', 'a')")
        }
        let index = DedupIndex()
        try queue.read { try index.rebuild($0) }
        #expect(index.count == 3)
        #expect(index.rows(for: DedupIndex.hash(campaignID: "d", dedupKey: "a")) == [4])
        #expect(index.rows(for: DedupIndex.hash(campaignID: "c", dedupKey: "zz")).isEmpty)

        // Two rows under one hash (a collision): both are candidates; removing one keeps the other.
        let hash = DedupIndex.hash(campaignID: "c", dedupKey: "a")
        try queue.write { db in index.insert(hash, rowID: 9, db) }
        #expect(Set(index.rows(for: hash)) == [1, 9])
        index.remove([(hash, 1)])
        #expect(index.rows(for: hash) == [9] && index.count == 3)
    }

    @Test("a file store counts the bytes it commits to its WAL, its write transactions and its dedup entries")
    func activityIsCounted() async throws {
        try await StoreFixtures.withFileStore { store, _ in
            try await store.putCampaign(StoreFixtures.campaign("c1"))
            try await store.addClicks(StoreFixtures.clicks("c1", (0..<20).map { "k\($0)" }))
            let before = try #require(store.activity)
            for index in 0..<20 {
                _ = try await store.process(
                    StoreFixtures.request(campaignID: "c1", clickID: "k\(index)"), now: StoreFixtures.now)
            }
            let after = try #require(store.activity)
            #expect(after.dedupEntries == before.dedupEntries + 20)
            // One at a time: each postback is a transaction of its own.
            #expect(after.transactions == before.transactions + 20)
            #expect(after.walBytesWritten > before.walBytesWritten)
            let frame = Int64(SQLitePostbackStore.newFilePageSize) + WALMeter.frameHeaderBytes
            #expect((after.walBytesWritten - before.walBytesWritten) % frame == 0)
        }
    }
}
