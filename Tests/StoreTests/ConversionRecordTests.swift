import Foundation
import PostbackCore
import Testing

@testable import Store

/// Rule 13 and the statistics it feeds, driven with candidates as rules 4–12 hand them over.
struct ConversionRecordTests {
    private func store(_ campaign: Campaign) async throws -> SQLitePostbackStore {
        let store = try SQLitePostbackStore(path: nil)
        try await store.putCampaign(campaign)
        try await store.addClicks(StoreFixtures.clicks(campaign.id, (1...10).map { "k\($0)" }))
        return store
    }

    @Test func payoutTotalIsExactDecimal() async throws {
        let store = try await store(StoreFixtures.campaign("c"))
        _ = try await StoreFixtures.record(
            store, StoreFixtures.candidate(campaignID: "c", clickID: "k1", payout: "0.1"))
        _ = try await StoreFixtures.record(
            store, StoreFixtures.candidate(campaignID: "c", clickID: "k2", payout: "0.2"))
        let stats = try #require(try await store.stats(campaignID: "c"))
        #expect(stats.payoutTotal == StoreFixtures.money("0.3"))
        #expect(stats.payoutTotal.description == "0.3")
    }

    @Test func statsMathByStatus() async throws {
        let store = try await store(StoreFixtures.campaign("c"))
        let sends: [(String, ConversionStatus, String)] = [
            ("k1", .approved, "1.20"), ("k2", .approved, "0.05"), ("k3", .pending, "7"), ("k4", .declined, "9.99"),
            ("k5", .pending, "3"),
        ]
        for (click, status, payout) in sends {
            let verdict = try await StoreFixtures.record(
                store,
                StoreFixtures.candidate(
                    campaignID: "c", clickID: click, status: status, statusGiven: true, payout: payout))
            #expect(verdict.result == .accepted)
            #expect(verdict.httpStatus == 200)
        }
        let stats = try #require(try await store.stats(campaignID: "c"))
        #expect(stats.clicks == 10)
        #expect(stats.conversions == 5)
        #expect(stats.conversionsByStatus == .init(approved: 2, pending: 2, declined: 1))
        #expect(stats.payoutTotal == StoreFixtures.money("1.25"))
        #expect(stats.conversionRate == 0.5)
        #expect(stats.duplicates == 0)
        #expect(stats.statusUpdates == 0)
        #expect(stats.rejected.isEmpty)
        #expect(try await store.recountedStats(campaignID: "c") == stats)
    }

    @Test func statusUpdatesMovePayoutInAndOutOfTheTotal() async throws {
        let store = try await store(StoreFixtures.campaign("c"))
        func send(_ click: String, _ status: ConversionStatus?, payout: String = "0.7") async throws -> Verdict {
            try await StoreFixtures.record(
                store,
                StoreFixtures.candidate(
                    campaignID: "c", clickID: click, status: status ?? .approved, statusGiven: status != nil,
                    payout: payout))
        }
        let first = try await send("k1", .pending)
        #expect(first.result == .accepted)
        let conversionID = try #require(first.conversionID)
        #expect(try await store.stats(campaignID: "c")?.payoutTotal == .zero)

        // The campaign's payout (not the postback's) of a repeat does not replace the recorded one.
        let approve = try await send("k1", .approved, payout: "99")
        #expect(approve.result == .statusUpdated)
        #expect(approve.conversionID == conversionID)
        #expect(approve.httpStatus == 200)
        var stats = try #require(try await store.stats(campaignID: "c"))
        #expect(stats.payoutTotal == StoreFixtures.money("0.7"))
        #expect(stats.conversionsByStatus == .init(approved: 1, pending: 0, declined: 0))

        let decline = try await send("k1", .declined)
        #expect(decline.result == .statusUpdated)
        stats = try #require(try await store.stats(campaignID: "c"))
        #expect(stats.payoutTotal == .zero)
        #expect(stats.conversionsByStatus == .init(approved: 0, pending: 0, declined: 1))
        #expect(stats.conversions == 1)
        #expect(stats.statusUpdates == 2)
        #expect(stats.duplicates == 0)
        #expect(try await store.recountedStats(campaignID: "c") == stats)
    }

    @Test func aStatusUpdateWithAPayoutSetsTheConversionsPayout() async throws {
        let store = try await store(StoreFixtures.campaign("c"))
        func send(_ status: ConversionStatus, payout: String?) async throws -> Verdict {
            try await StoreFixtures.record(
                store,
                StoreFixtures.candidate(
                    campaignID: "c", clickID: "k1", status: status, statusGiven: true, payout: payout ?? "1.20",
                    payoutGiven: payout != nil))
        }
        #expect(try await send(.pending, payout: "0").result == .accepted)
        #expect(try await send(.approved, payout: "2.50").result == .statusUpdated)
        #expect(try await store.stats(campaignID: "c")?.payoutTotal == StoreFixtures.money("2.5"))
        #expect(try await send(.approved, payout: "9").result == .duplicate)  // no status change: payout kept
        #expect(try await send(.declined, payout: nil).result == .statusUpdated)
        #expect(try await store.stats(campaignID: "c")?.payoutTotal == .zero)
        #expect(try await send(.approved, payout: nil).result == .statusUpdated)  // no payout: the conversion's own
        let stats = try #require(try await store.stats(campaignID: "c"))
        #expect(stats.payoutTotal == StoreFixtures.money("2.5"))
        #expect(stats.statusUpdates == 3)
        #expect(stats.duplicates == 1)
        #expect(try await store.recountedStats(campaignID: "c") == stats)
    }

    @Test func aRepeatWithTheSameOrNoStatusIsADuplicate() async throws {
        let store = try await store(StoreFixtures.campaign("c"))
        let first = try await StoreFixtures.record(
            store, StoreFixtures.candidate(campaignID: "c", clickID: "k1", status: .pending, statusGiven: true))
        let same = try await StoreFixtures.record(
            store, StoreFixtures.candidate(campaignID: "c", clickID: "k1", status: .pending, statusGiven: true))
        // No status given: the default (approved) differs from the stored one, but is no update.
        let none = try await StoreFixtures.record(
            store, StoreFixtures.candidate(campaignID: "c", clickID: "k1", status: .approved, statusGiven: false))
        #expect(first.result == .accepted)
        for repeatVerdict in [same, none] {
            #expect(repeatVerdict.result == .duplicate)
            #expect(repeatVerdict.conversionID == first.conversionID)
            #expect(repeatVerdict.httpStatus == 200)
            #expect(repeatVerdict.reason == nil)
        }
        let stats = try #require(try await store.stats(campaignID: "c"))
        #expect(stats.conversions == 1)
        #expect(stats.duplicates == 2)
        #expect(stats.statusUpdates == 0)
        #expect(stats.conversionsByStatus.pending == 1)
    }

    struct DedupCase: Sendable, CustomTestStringConvertible {
        var mode: DedupMode
        /// (click, event, txid) sent in order.
        var sends: [(String, String?, String?)]
        var results: [PostbackResult]
        var testDescription: String { mode.rawValue }
    }

    @Test(arguments: [
        DedupCase(
            mode: .clickEvent,
            sends: [
                ("k1", "install", "t1"), ("k1", "install", "t2"), ("k1", "purchase", "t1"), ("k2", "install", "t1"),
            ],
            results: [.accepted, .duplicate, .accepted, .accepted]),
        DedupCase(
            mode: .clickTxid,
            sends: [
                ("k1", "install", "t1"), ("k1", "purchase", "t1"), ("k1", "install", "t2"), ("k2", "install", "t1"),
            ],
            results: [.accepted, .duplicate, .accepted, .accepted]),
        DedupCase(
            mode: .none,
            sends: [("k1", "install", "t1"), ("k1", "install", "t1"), ("k1", "install", "t1")],
            results: [.accepted, .accepted, .accepted]),
    ])
    func dedupModes(_ dedupCase: DedupCase) async throws {
        let store = try await store(StoreFixtures.campaign("c", dedup: dedupCase.mode))
        var ids: [String] = []
        for (index, (click, event, txid)) in dedupCase.sends.enumerated() {
            let verdict = try await StoreFixtures.record(
                store,
                StoreFixtures.candidate(
                    campaignID: "c", clickID: click, event: event, txid: txid, dedup: dedupCase.mode))
            #expect(verdict.result == dedupCase.results[index], "send \(index)")
            ids.append(try #require(verdict.conversionID))
        }
        let accepted = dedupCase.results.filter { $0 == .accepted }.count
        #expect(Set(ids).count == accepted)
        let stats = try #require(try await store.stats(campaignID: "c"))
        #expect(stats.conversions == accepted)
        #expect(stats.duplicates == dedupCase.results.count - accepted)
        #expect(stats.payoutTotal.value == Decimal(accepted) * StoreFixtures.money("1.20").value)
        #expect(try await store.recountedStats(campaignID: "c") == stats)
    }

    @Test func theSameKeyInAnotherCampaignIsAnotherConversion() async throws {
        let store = try await store(StoreFixtures.campaign("a"))
        try await store.putCampaign(StoreFixtures.campaign("b"))
        let first = try await StoreFixtures.record(store, StoreFixtures.candidate(campaignID: "a", clickID: "k1"))
        let second = try await StoreFixtures.record(store, StoreFixtures.candidate(campaignID: "b", clickID: "k1"))
        #expect(first.result == .accepted)
        #expect(second.result == .accepted)
        #expect(first.conversionID != second.conversionID)
    }

    @Test func conversionIDsLookLikeCv() async throws {
        let store = try await store(StoreFixtures.campaign("c"))
        let verdict = try await StoreFixtures.record(store, StoreFixtures.candidate(campaignID: "c", clickID: "k1"))
        let id = try #require(verdict.conversionID)
        #expect(id.hasPrefix("cv_"))
        #expect(Int(id.dropFirst(3)) != nil)
    }

    @Test func rejectionsCountOnlyForAnExistingCampaign() async throws {
        let store = try await store(StoreFixtures.campaign("c"))
        let cases: [(RejectReason, String?)] = [
            (.unknownClick, "c"), (.unknownClick, "c"), (.malformedRequest, "c"), (.unknownCampaign, "ghost"),
            (.missingParameter, nil),
        ]
        for (reason, campaignID) in cases {
            let verdict = try await store.reject(
                Rejection(reason: reason, message: "test", campaignID: campaignID, clickID: "k1"),
                request: StoreFixtures.request(campaignID: campaignID ?? "", clickID: "k1"))
            #expect(verdict.result == .rejected)
            #expect(verdict.reason == reason)
            #expect(verdict.httpStatus == reason.httpStatus)
        }
        let stats = try #require(try await store.stats(campaignID: "c"))
        #expect(stats.rejected == ["unknown_click": 2, "malformed_request": 1])
        #expect(stats.conversions == 0)
        #expect(try await store.stats(campaignID: "ghost") == nil)
        #expect(try await store.postbacks(PostbackLogFilter(result: .rejected)).count == cases.count)
        #expect(try await store.recountedStats(campaignID: "c") == stats)
    }
}
