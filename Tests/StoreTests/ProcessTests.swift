import Foundation
import PostbackCore
import Testing

@testable import Store

/// The whole chain through ``SQLitePostbackStore/process(_:now:)``: parse, evaluate, rule 13,
/// counters and the log, in one transaction.
struct ProcessTests {
    private func store(_ campaigns: [Campaign] = [StoreFixtures.campaign("c1")], path: String? = nil) async throws
        -> SQLitePostbackStore
    {
        let store = try SQLitePostbackStore(path: path)
        for campaign in campaigns {
            try await store.putCampaign(campaign)
            try await store.addClicks(StoreFixtures.clicks(campaign.id, (1...5).map { "\(campaign.id)k\($0)" }))
        }
        return store
    }

    private func send(
        _ store: SQLitePostbackStore, _ campaignID: String, _ clickID: String, _ extra: String = ""
    ) async throws -> Verdict {
        try await store.process(
            StoreFixtures.request(campaignID: campaignID, clickID: clickID, extra: extra), now: StoreFixtures.now)
    }

    @Test func acceptedThenDuplicateThenStatusUpdated() async throws {
        let store = try await store()
        let accepted = try await send(store, "c1", "c1k1")
        #expect(accepted.result == .accepted)
        #expect(accepted.httpStatus == 200)
        let conversionID = try #require(accepted.conversionID)
        let duplicate = try await send(store, "c1", "c1k1")
        #expect(duplicate.result == .duplicate)
        #expect(duplicate.conversionID == conversionID)
        let sameStatus = try await send(store, "c1", "c1k1", "&status=approved")
        #expect(sameStatus.result == .duplicate)
        let declined = try await send(store, "c1", "c1k1", "&status=declined")
        #expect(declined.result == .statusUpdated)
        #expect(declined.conversionID == conversionID)
        #expect(declined.httpStatus == 200)

        let stats = try #require(try await store.stats(campaignID: "c1"))
        #expect(stats.clicks == 5)
        #expect(stats.conversions == 1)
        #expect(stats.conversionsByStatus == .init(approved: 0, pending: 0, declined: 1))
        #expect(stats.duplicates == 2)
        #expect(stats.statusUpdates == 1)
        #expect(stats.payoutTotal == .zero)
        #expect(stats.conversionRate == 0.2)
        #expect(try await store.recountedStats(campaignID: "c1") == stats)

        let log = try await store.postbacks(PostbackLogFilter(campaignID: "c1"))
        #expect(log.map(\.result) == [.statusUpdated, .duplicate, .duplicate, .accepted])
        #expect(log.allSatisfy { $0.conversionID == conversionID && $0.clickID == "c1k1" })
    }

    @Test func payoutParametersSumExactly() async throws {
        let store = try await store()
        #expect(try await send(store, "c1", "c1k1", "&payout=0.1").result == .accepted)
        #expect(try await send(store, "c1", "c1k2", "&payout=0.2").result == .accepted)
        #expect(try await send(store, "c1", "c1k3", "&payout=5&status=pending").result == .accepted)
        let stats = try #require(try await store.stats(campaignID: "c1"))
        #expect(stats.payoutTotal.description == "0.3")
        #expect(stats.conversionsByStatus == .init(approved: 2, pending: 1, declined: 0))
        #expect(try await send(store, "c1", "c1k3", "&status=approved").result == .statusUpdated)
        #expect(try await store.stats(campaignID: "c1")?.payoutTotal == StoreFixtures.money("5.3"))
    }

    @Test func dedupByTxidAndNone() async throws {
        let store = try await store([
            StoreFixtures.campaign("tx", dedup: .clickTxid), StoreFixtures.campaign("all", dedup: .none),
        ])
        #expect(try await send(store, "tx", "txk1", "&txid=A").result == .accepted)
        #expect(try await send(store, "tx", "txk1", "&txid=A").result == .duplicate)
        #expect(try await send(store, "tx", "txk1", "&txid=B").result == .accepted)
        for _ in 0..<3 {
            #expect(try await send(store, "all", "allk1").result == .accepted)
        }
        #expect(try await store.stats(campaignID: "tx")?.conversions == 2)
        #expect(try await store.stats(campaignID: "tx")?.duplicates == 1)
        let all = try #require(try await store.stats(campaignID: "all"))
        #expect(all.conversions == 3)
        #expect(all.duplicates == 0)
        #expect(all.payoutTotal == StoreFixtures.money("3.60"))
    }

    @Test func rejectionsAreLoggedAndCountedForAnExistingCampaignOnly() async throws {
        let store = try await store()
        let unknownClick = try await send(store, "c1", "never-issued")
        #expect(unknownClick.result == .rejected)
        #expect(unknownClick.reason == .unknownClick)
        #expect(unknownClick.httpStatus == 404)
        #expect(unknownClick.conversionID == nil)

        let missing = try await store.process(
            PostbackRequest(
                method: "GET", target: "/postback/advertiser?campaign_id=c1&clickid=c1k1", source: "127.0.0.1",
                receivedAt: StoreFixtures.now),
            now: StoreFixtures.now)
        #expect(missing.reason == .missingParameter)

        let unknownCampaign = try await send(store, "ghost", "c1k1")
        #expect(unknownCampaign.reason == .unknownCampaign)
        #expect(unknownCampaign.httpStatus == 404)

        let stats = try #require(try await store.stats(campaignID: "c1"))
        #expect(stats.rejected == ["unknown_click": 1, "missing_parameter": 1])
        #expect(stats.conversions == 0)
        #expect(try await store.stats(campaignID: "ghost") == nil)

        let log = try await store.postbacks(PostbackLogFilter(result: .rejected))
        #expect(log.map(\.reason) == [.unknownCampaign, .missingParameter, .unknownClick])
        #expect(log[0].campaignID == "ghost")
        #expect(log[1].campaignID == "c1")
        #expect(log[1].clickID == nil)
        #expect(log[2].clickID == "never-issued")
        #expect(log.allSatisfy { $0.source == "127.0.0.1" && !$0.message.isEmpty })
        #expect(try await store.postbacks(PostbackLogFilter(reason: .unknownClick)).count == 1)
    }

    @Test(.timeLimit(.minutes(1)), arguments: ConcurrencyTests.Place.allCases)
    func fortyIdenticalPostbacksGiveOneAcceptedAndThirtyNineDuplicates(place: ConcurrencyTests.Place) async throws {
        let directory = try StoreFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = place == .file ? directory.appendingPathComponent("race.sqlite").path : nil
        // The store is gone when the race returns: its file opens again.
        let stats = try await fortyIdenticalPostbacks(path: path)
        if let path {
            let reopened = try SQLitePostbackStore(path: path)
            #expect(try await reopened.stats(campaignID: "c1") == stats)
        }
    }

    /// Forty identical postbacks at once into a fresh store at `path`; the store's statistics.
    private func fortyIdenticalPostbacks(path: String?) async throws -> CampaignStats {
        let store = try await store(path: path)
        let verdicts = try await withThrowingTaskGroup(of: Verdict.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await store.process(
                        StoreFixtures.request(campaignID: "c1", clickID: "c1k2"), now: StoreFixtures.now)
                }
            }
            var verdicts: [Verdict] = []
            for try await verdict in group { verdicts.append(verdict) }
            return verdicts
        }
        #expect(verdicts.filter { $0.result == .accepted }.count == 1)
        #expect(verdicts.filter { $0.result == .duplicate }.count == 39)
        #expect(Set(verdicts.compactMap(\.conversionID)).count == 1)
        let stats = try #require(try await store.stats(campaignID: "c1"))
        #expect(stats.conversions == 1)
        #expect(stats.duplicates == 39)
        #expect(try await store.postbacks(PostbackLogFilter(campaignID: "c1")).count == 40)
        return stats
    }
}
