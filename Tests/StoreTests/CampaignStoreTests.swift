import Foundation
import GRDB
import PostbackCore
import Testing

@testable import Store

struct CampaignStoreTests {
    @Test func putThenReadBackEveryField() async throws {
        let store = try SQLitePostbackStore(path: nil)
        let campaign = Campaign(
            id: "multi_1", status: .paused, type: .cps, payout: StoreFixtures.money("2.50"),
            events: ["install": StoreFixtures.money("0.10"), "purchase": StoreFixtures.money("12.345")],
            token: "s3cret", conversionWindowDays: 7, defaultConversionStatus: .pending,
            trackingLink: "https://trk.example/a?x={click_id}&y=1", dedup: .clickTxid)
        try await store.putCampaign(campaign)
        #expect(try await store.campaign(id: "multi_1") == campaign)
        #expect(try await store.campaign(id: "nope") == nil)
    }

    @Test func putReplacesAndListIsOrderedByID() async throws {
        let store = try SQLitePostbackStore(path: nil)
        try await store.putCampaign(StoreFixtures.campaign("b"))
        try await store.putCampaign(StoreFixtures.campaign("a", payout: "1"))
        var replaced = StoreFixtures.campaign("b", payout: "3.00", dedup: .none)
        replaced.status = .rejected
        replaced.token = nil
        replaced.trackingLink = nil
        try await store.putCampaign(replaced)
        let all = try await store.campaigns()
        #expect(all.map(\.id) == ["a", "b"])
        #expect(all.last == replaced)
    }

    @Test func replacingACampaignKeepsItsCounters() async throws {
        let store = try SQLitePostbackStore(path: nil)
        try await store.putCampaign(StoreFixtures.campaign("c1"))
        try await store.addClicks(StoreFixtures.clicks("c1", ["k1", "k2"]))
        _ = try await StoreFixtures.record(store, StoreFixtures.candidate(campaignID: "c1", clickID: "k1"))
        try await store.putCampaign(StoreFixtures.campaign("c1", payout: "9"))
        let stats = try #require(try await store.stats(campaignID: "c1"))
        #expect(stats.clicks == 2)
        #expect(stats.conversions == 1)
    }

    @Test func openingAnUnusablePathNamesItAndSQLitesMessage() throws {
        let directory = try StoreFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missingFolder = directory.appendingPathComponent("no/such/folder/db.sqlite").path
        let error = try #require(throws: StoreError.self) { try SQLitePostbackStore(path: missingFolder) }
        #expect(error.message.contains(missingFolder))
        #expect(error.message.contains("unable to open"))

        let notADatabase = directory.appendingPathComponent("text.sqlite")
        try Data(String(repeating: "this is not a database\n", count: 100).utf8).write(to: notADatabase)
        let error2 = try #require(throws: StoreError.self) { try SQLitePostbackStore(path: notADatabase.path) }
        #expect(error2.message.contains(notADatabase.path))
        #expect(error2.message.contains("not a database"))
    }

    @Test func anEmptyPathIsRefusedAndMemoryMeansInMemory() async throws {
        let error = try #require(throws: StoreError.self) { try SQLitePostbackStore(path: "") }
        #expect(error.message.contains("empty"))
        let memory = try SQLitePostbackStore(path: ":memory:")
        #expect(memory.path == nil)
        try await memory.putCampaign(StoreFixtures.campaign("m"))
        #expect(try await memory.campaigns().count == 1)
    }

    @Test func aFileFromANewerVersionIsRefused() async throws {
        let directory = try StoreFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("newer.sqlite").path
        do {
            let store = try SQLitePostbackStore(path: path)
            try await store.writer.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            }
        }
        let error = try #require(throws: StoreError.self) { try SQLitePostbackStore(path: path) }
        #expect(error.message.contains(path))
        #expect(error.message.contains("newer version"))
    }

    @Test func reopeningAFileStoreKeepsEverythingAndMigratesOnce() async throws {
        let directory = try StoreFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("keep.sqlite").path
        let campaign = StoreFixtures.campaign("keep", payout: "0.1")
        let clickDate = Date(timeIntervalSince1970: 1_700_000_000.456)
        do {
            let store = try SQLitePostbackStore(path: path)
            try await store.putCampaign(campaign)
            try await store.addClicks(StoreFixtures.clicks("keep", ["k1", "k2", "k3"], createdAt: clickDate))
            _ = try await StoreFixtures.record(store, StoreFixtures.candidate(campaignID: "keep", clickID: "k1"))
            _ = try await store.reject(
                Rejection(reason: .unknownClick, message: "no such click", campaignID: "keep", clickID: "zz"),
                request: StoreFixtures.request(campaignID: "keep", clickID: "zz"))
        }
        let reopened = try SQLitePostbackStore(path: path)
        #expect(try await reopened.campaign(id: "keep") == campaign)
        #expect(try await reopened.click(id: "k2") == Click(id: "k2", campaignID: "keep", createdAt: clickDate))
        let stats = try #require(try await reopened.stats(campaignID: "keep"))
        #expect(stats.clicks == 3)
        #expect(stats.conversions == 1)
        #expect(stats.rejected == ["unknown_click": 1])
        #expect(try await reopened.postbacks(PostbackLogFilter()).count == 2)
        let migrations = try await reopened.writer.read { db in
            try SQLitePostbackStore.migrator.appliedIdentifiers(db)
        }
        #expect(migrations == ["v1", "v2", "v3", "v4", "v5", "v6", "v7"])
    }

    @Test func aVersion1FileIsUpgradedInPlace() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbh-v1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("v1.sqlite").path
        // A file as version 1 left it: its schema, one campaign, the index that v2 drops.
        let old = try DatabaseQueue(path: path)
        try SQLitePostbackStore.migrator.migrate(old, upTo: "v1")
        try await old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO campaigns (id, status, type, payout, events, token, conversion_window_days,
                        default_conversion_status, tracking_link, dedup, created_at, updated_at)
                    VALUES ('old', 'active', 'cpa', '1.50', NULL, NULL, 30, 'approved', NULL, 'click_event', 0, 0)
                    """)
        }
        let indexes = "SELECT count(*) FROM sqlite_master WHERE name = 'conversions_by_click'"
        #expect(try await old.read { db in try Int.fetchOne(db, sql: indexes) } == 1)
        try old.close()

        let store = try SQLitePostbackStore(path: path)
        #expect(try await store.campaign(id: "old")?.payout == StoreFixtures.money("1.50"))
        #expect(try await store.writer.read { db in try Int.fetchOne(db, sql: indexes) } == 0)
        #expect(
            try await store.writer.read { db in try SQLitePostbackStore.migrator.appliedIdentifiers(db) } == [
                "v1", "v2", "v3", "v4", "v5", "v6", "v7",
            ])
    }

    @Test func theStatusCheckBuildsNoTemporaryIndexPerInsertAndStillRefusesOtherStatuses() async throws {
        try await StoreFixtures.withFileStore { store, _ in
            let insert = """
                INSERT INTO conversions (campaign_id, click_id, status, payout, created_at, updated_at)
                VALUES ('c', 'k', ?, '1', 0, 0)
                """
            let opcodes = try await store.writer.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN " + insert, arguments: ["approved"]).map { $0["opcode"] as String }
            }
            #expect(opcodes.contains("Insert"))
            #expect(!opcodes.contains("OpenEphemeral"))
            for status in ["pending", "approved", "declined"] {
                try await store.writer.write { db in try db.execute(sql: insert, arguments: [status]) }
            }
            await #expect(throws: DatabaseError.self) {
                try await store.writer.write { db in try db.execute(sql: insert, arguments: ["sale"]) }
            }
            let check = try await store.writer.read { db in try Row.fetchAll(db, sql: "PRAGMA integrity_check") }
            #expect(check.map { $0[0] as String } == ["ok"])
        }
    }

    @Test func aFileStoreUsesWAL() async throws {
        try await StoreFixtures.withFileStore { store, _ in
            let mode = try await store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
            let synchronous = try await store.writer.write { db in
                try Int.fetchOne(db, sql: "PRAGMA synchronous")
            }
            #expect(synchronous == 1)  // NORMAL
        }
    }
}
