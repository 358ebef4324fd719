import Foundation
import PostbackCore
import Testing

@testable import Store

/// Identical postbacks racing each other: exactly one is recorded, the rest are duplicates.
struct ConcurrencyTests {
    enum Place: String, CaseIterable, Sendable {
        case memory, file
    }

    /// Sends `count` postbacks at once, spread round-robin over `stores`, and returns the verdicts.
    private func race(
        _ count: Int, over stores: [SQLitePostbackStore],
        send: @escaping @Sendable (SQLitePostbackStore, Int) async throws -> Verdict
    ) async throws -> [Verdict] {
        try await withThrowingTaskGroup(of: Verdict.self) { group in
            for index in 0..<count {
                let store = stores[index % stores.count]
                group.addTask { try await send(store, index) }
            }
            var verdicts: [Verdict] = []
            for try await verdict in group { verdicts.append(verdict) }
            return verdicts
        }
    }

    private func prepare(_ store: SQLitePostbackStore) async throws {
        try await store.putCampaign(StoreFixtures.campaign("race"))
        try await store.addClicks(StoreFixtures.clicks("race", ["k1", "k2"]))
    }

    private func expectOneAccepted(_ verdicts: [Verdict], of count: Int, _ store: SQLitePostbackStore) async throws {
        let accepted = verdicts.filter { $0.result == .accepted }
        #expect(accepted.count == 1)
        #expect(verdicts.filter { $0.result == .duplicate }.count == count - 1)
        #expect(Set(verdicts.compactMap(\.conversionID)).count == 1)
        let stats = try #require(try await store.stats(campaignID: "race"))
        #expect(stats.conversions == 1)
        #expect(stats.duplicates == count - 1)
        #expect(stats.payoutTotal == StoreFixtures.money("1.20"))
        #expect(try await store.recountedStats(campaignID: "race") == stats)
        #expect(try await store.postbacks(PostbackLogFilter(campaignID: "race", limit: 1000)).count == count)
    }

    @Test(.timeLimit(.minutes(1)), arguments: Place.allCases)
    func fortyIdenticalCandidatesGiveOneAccepted(place: Place) async throws {
        try await withStore(place) { store, _ in
            try await prepare(store)
            let verdicts = try await race(40, over: [store]) { store, _ in
                try await StoreFixtures.record(store, StoreFixtures.candidate(campaignID: "race", clickID: "k1"))
            }
            try await expectOneAccepted(verdicts, of: 40, store)
        }
    }

    @Test("a file belongs to one store: a second one is refused, naming the file, until the first is gone")
    func aSecondStoreOnOneFileIsRefused() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ph-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("one.sqlite").path
        do {
            let first = try SQLitePostbackStore(path: path)
            try await prepare(first)
            _ = try await StoreFixtures.record(first, StoreFixtures.candidate(campaignID: "race", clickID: "k1"))
            let error = try #require(throws: StoreError.self) { try SQLitePostbackStore(path: path) }
            #expect("\(error)".contains(path) && "\(error)".contains("another process has it open"), "\(error)")
        }
        // The first store is gone: the file opens again, and its dedup index is rebuilt from the table.
        let reopened = try SQLitePostbackStore(path: path)
        let again = try await StoreFixtures.record(
            reopened, StoreFixtures.candidate(campaignID: "race", clickID: "k1"))
        #expect(again.result == .duplicate)
    }

    @Test(.timeLimit(.minutes(1)), arguments: Place.allCases)
    func mixedStormKeepsCountersEqualToTheRows(place: Place) async throws {
        try await withStore(place) { store, _ in
            try await prepare(store)
            // 60 sends on two clicks: plain repeats, and repeats carrying statuses.
            let statuses: [ConversionStatus?] = [nil, .pending, .approved, .declined]
            _ = try await race(60, over: [store]) { store, index in
                let status = statuses[index % statuses.count]
                return try await StoreFixtures.record(
                    store,
                    StoreFixtures.candidate(
                        campaignID: "race", clickID: index % 2 == 0 ? "k1" : "k2", status: status ?? .approved,
                        statusGiven: status != nil, payout: "0.1"))
            }
            let stats = try #require(try await store.stats(campaignID: "race"))
            #expect(stats.conversions == 2)
            #expect(stats.duplicates + stats.statusUpdates == 58)
            #expect(try await store.recountedStats(campaignID: "race") == stats)
        }
    }

    private func withStore(
        _ place: Place, _ body: (SQLitePostbackStore, String?) async throws -> Void
    ) async throws {
        switch place {
        case .memory: try await body(try SQLitePostbackStore(path: nil), nil)
        case .file: try await StoreFixtures.withFileStore { store, path in try await body(store, path) }
        }
    }
}
