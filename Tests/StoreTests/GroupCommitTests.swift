import Foundation
import PostbackCore
import Testing

@testable import Store

/// Group commit: concurrent postbacks share transactions and stay exactly once; a postback that
/// fails fails alone.
@Suite(.timeLimit(.minutes(1)))
struct GroupCommitTests {
    @Test("300 concurrent postbacks (100 clicks, each sent 3 times) share transactions, counted exactly")
    func concurrentPostbacksShareTransactions() async throws {
        try await StoreFixtures.withFileStore { store, _ in
            try await store.putCampaign(StoreFixtures.campaign("group"))
            let ids = (0..<100).map { "g\($0)" }
            try await store.addClicks(StoreFixtures.clicks("group", ids))
            let before = store.groupCommit.transactionCount
            let verdicts = try await withThrowingTaskGroup(of: Verdict.self) { group in
                for index in 0..<300 {
                    let request = StoreFixtures.request(campaignID: "group", clickID: ids[index % 100])
                    group.addTask { try await store.process(request, now: StoreFixtures.now) }
                }
                var verdicts: [Verdict] = []
                for try await verdict in group { verdicts.append(verdict) }
                return verdicts
            }
            #expect(verdicts.filter { $0.result == .accepted }.count == 100)
            #expect(verdicts.filter { $0.result == .duplicate }.count == 200)
            let stats = try #require(try await store.stats(campaignID: "group"))
            #expect(stats.conversions == 100)
            #expect(stats.duplicates == 200)
            #expect(try await store.recountedStats(campaignID: "group") == stats)
            #expect(try await store.postbacks(PostbackLogFilter(campaignID: "group", limit: 1000)).count == 300)
            let transactions = store.groupCommit.transactionCount - before
            #expect(transactions >= 2 && transactions < 300, "\(transactions) transactions for 300 postbacks")
        }
    }

    @Test("a postback whose campaign row cannot be read fails alone; the others of its batch are recorded")
    func aFailingPostbackFailsAlone() async throws {
        try await StoreFixtures.withFileStore { store, _ in
            try await store.putCampaign(StoreFixtures.campaign("good"))
            try await store.putCampaign(StoreFixtures.campaign("broken"))
            let ids = (0..<50).map { "ok\($0)" }
            try await store.addClicks(StoreFixtures.clicks("good", ids))
            try await store.addClicks(StoreFixtures.clicks("broken", ["bad1"]))
            try await store.writer.write { db in
                try db.execute(sql: "UPDATE campaigns SET status = 'bogus' WHERE id = 'broken'")
            }
            let outcomes = await withTaskGroup(of: (String, Result<Verdict, any Error>).self) { group in
                for (index, id) in ids.enumerated() {
                    group.addTask {
                        let request = StoreFixtures.request(campaignID: "good", clickID: id)
                        return (id, await Result { try await store.process(request, now: StoreFixtures.now) })
                    }
                    if index == 25 {
                        group.addTask {
                            let request = StoreFixtures.request(campaignID: "broken", clickID: "bad1")
                            return ("bad1", await Result { try await store.process(request, now: StoreFixtures.now) })
                        }
                    }
                }
                var outcomes: [String: Result<Verdict, any Error>] = [:]
                for await (id, outcome) in group { outcomes[id] = outcome }
                return outcomes
            }
            let broken = try #require(outcomes["bad1"])
            #expect(throws: StoreError.self) { try broken.get() }
            for id in ids {
                #expect((try? outcomes[id]?.get())?.result == .accepted, "\(id)")
            }
            let stats = try #require(try await store.stats(campaignID: "good"))
            #expect(stats.conversions == 50)
            #expect(try await store.recountedStats(campaignID: "good") == stats)
        }
    }
}

extension GroupCommitTests {
    @Test("an insert SQLite refuses fails its postback alone, with SQLite's message; the rest is recorded")
    func aRefusedInsertFailsAlone() async throws {
        try await StoreFixtures.withFileStore { store, _ in
            try await store.putCampaign(StoreFixtures.campaign("good"))
            let ids = (0..<40).map { "ok\($0)" } + ["poison"]
            try await store.addClicks(StoreFixtures.clicks("good", ids))
            // The log line of the poisoned postback is refused by SQLite itself, on the statement
            // the store binds and steps directly.
            try await store.writer.write { db in
                try db.execute(
                    sql: """
                        CREATE TRIGGER refuse_poison BEFORE INSERT ON postback_log WHEN NEW.url LIKE '%poison%'
                        BEGIN SELECT RAISE(ABORT, 'poisoned log line'); END
                        """)
            }
            let outcomes = await withTaskGroup(of: (String, Result<Verdict, any Error>).self) { group in
                for id in ids {
                    group.addTask {
                        let request = StoreFixtures.request(campaignID: "good", clickID: id)
                        return (id, await Result { try await store.process(request, now: StoreFixtures.now) })
                    }
                }
                var outcomes: [String: Result<Verdict, any Error>] = [:]
                for await (id, outcome) in group { outcomes[id] = outcome }
                return outcomes
            }
            let poisoned = try #require(outcomes["poison"])
            #expect(throws: StoreError.self) { try poisoned.get() }
            if case .failure(let error) = poisoned {
                #expect("\(error)".contains("poisoned log line"), "\(error)")
            }
            for id in ids.dropLast() {
                #expect((try? outcomes[id]?.get())?.result == .accepted, "\(id)")
            }
            let stats = try #require(try await store.stats(campaignID: "good"))
            #expect(stats.conversions == 40, "the poisoned conversion was rolled back with its log line")
            #expect(try await store.recountedStats(campaignID: "good") == stats)
        }
    }
}

extension Result where Failure == any Error {
    fileprivate init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
