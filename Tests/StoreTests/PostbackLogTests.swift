import Foundation
import GRDB
import PostbackCore
import Testing

@testable import Store

struct PostbackLogTests {
    /// c1: accepted k1, duplicate k1, rejected unknown_click; c2: accepted k2, rejected click_expired;
    /// no campaign: rejected missing_parameter. In that order.
    private func filledStore() async throws -> SQLitePostbackStore {
        let store = try SQLitePostbackStore(path: nil)
        try await store.putCampaign(StoreFixtures.campaign("c1"))
        try await store.putCampaign(StoreFixtures.campaign("c2"))
        try await store.addClicks(StoreFixtures.clicks("c1", ["k1"]) + StoreFixtures.clicks("c2", ["k2"]))
        _ = try await StoreFixtures.record(store, StoreFixtures.candidate(campaignID: "c1", clickID: "k1"))
        _ = try await StoreFixtures.record(store, StoreFixtures.candidate(campaignID: "c1", clickID: "k1"))
        _ = try await store.reject(
            Rejection(reason: .unknownClick, message: "click 'zz' was never issued", campaignID: "c1", clickID: "zz"),
            request: StoreFixtures.request(campaignID: "c1", clickID: "zz"))
        _ = try await StoreFixtures.record(store, StoreFixtures.candidate(campaignID: "c2", clickID: "k2"))
        _ = try await store.reject(
            Rejection(reason: .clickExpired, message: "expired", campaignID: "c2", clickID: "k2"),
            request: StoreFixtures.request(campaignID: "c2", clickID: "k2"))
        _ = try await store.reject(
            Rejection(reason: .missingParameter, message: "did you mean click_id?"),
            request: PostbackRequest(
                method: "POST", target: "/postback/advertiser", contentType: "application/x-www-form-urlencoded",
                body: Array("campaign_id=&clickid=1".utf8), source: "10.0.0.9", userAgent: nil,
                receivedAt: StoreFixtures.now.addingTimeInterval(5)))
        return store
    }

    @Test func newestFirstWithEveryField() async throws {
        let store = try await filledStore()
        let log = try await store.postbacks(PostbackLogFilter())
        #expect(log.count == 6)
        let ids = log.compactMap(\.id)
        #expect(ids == ids.sorted(by: >))
        #expect(log.map(\.result) == [.rejected, .rejected, .accepted, .rejected, .duplicate, .accepted])

        let newest = try #require(log.first)
        #expect(newest.method == "POST")
        #expect(newest.url == "/postback/advertiser")
        #expect(newest.source == "10.0.0.9")
        #expect(newest.userAgent == nil)
        #expect(newest.reason == .missingParameter)
        #expect(newest.message == "did you mean click_id?")
        #expect(newest.campaignID == nil)
        #expect(newest.clickID == nil)
        #expect(newest.httpStatus == 400)
        #expect(newest.conversionID == nil)
        #expect(newest.receivedAt == StoreFixtures.now.addingTimeInterval(5))

        let oldest = try #require(log.last)
        #expect(oldest.method == "GET")
        #expect(oldest.url == "/postback/advertiser?campaign_id=c1&click_id=k1")
        #expect(oldest.userAgent == "StoreTests/1.0")
        #expect(oldest.reason == nil)
        #expect(oldest.campaignID == "c1")
        #expect(oldest.clickID == "k1")
        #expect(oldest.httpStatus == 200)
        #expect(oldest.conversionID?.hasPrefix("cv_") == true)
        #expect(oldest.receivedAt == StoreFixtures.now)
        #expect(log[4].conversionID == oldest.conversionID)  // the duplicate names the first conversion
    }

    @Test("an accepted line's message is stored empty and read back as it was answered; others as they are")
    func acceptedMessageRoundTrip() async throws {
        let store = try await filledStore()
        let log = try await store.postbacks(PostbackLogFilter())
        let accepted = try #require(log.last)
        let conversionID = try #require(accepted.conversionID)
        #expect(accepted.message == Verdict.accepted(conversionID: conversionID).message)
        let stored = try await store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT message FROM postback_log ORDER BY id")
        }
        // Oldest first: accepted, duplicate, rejected, accepted, rejected, rejected.
        #expect(stored.map(\.isEmpty) == [true, false, false, true, false, false], "\(stored)")
        #expect(log.map(\.message).allSatisfy { !$0.isEmpty })
    }

    @Test func filtersCombine() async throws {
        let store = try await filledStore()
        let c1 = try await store.postbacks(PostbackLogFilter(campaignID: "c1"))
        #expect(c1.map(\.result) == [.rejected, .duplicate, .accepted])
        let rejected = try await store.postbacks(PostbackLogFilter(result: .rejected))
        #expect(rejected.map(\.reason) == [.missingParameter, .clickExpired, .unknownClick])
        let expired = try await store.postbacks(PostbackLogFilter(reason: .clickExpired))
        #expect(expired.map(\.campaignID) == ["c2"])
        let c2Accepted = try await store.postbacks(PostbackLogFilter(campaignID: "c2", result: .accepted))
        #expect(c2Accepted.count == 1)
        #expect(c2Accepted.first?.clickID == "k2")
        #expect(try await store.postbacks(PostbackLogFilter(campaignID: "c2", reason: .unknownClick)).isEmpty)
        #expect(try await store.postbacks(PostbackLogFilter(campaignID: "nope")).isEmpty)
    }

    @Test(arguments: [(0, 0), (-5, 0), (1, 1), (4, 4), (1_000_000, 6)])
    func limitIsAppliedAndCapped(limit: Int, expected: Int) async throws {
        let store = try await filledStore()
        let log = try await store.postbacks(PostbackLogFilter(limit: limit))
        #expect(log.count == expected)
        if let first = log.first { #expect(first.reason == .missingParameter) }
    }

    @Test func warningsRoundTrip() async throws {
        let store = try SQLitePostbackStore(path: nil)
        try await store.putCampaign(StoreFixtures.campaign("c"))
        var candidate = StoreFixtures.candidate(campaignID: "c", clickID: "k1")
        candidate.warnings = ["parameter 'sub1' still holds the macro {sub1}", "second \"quoted\""]
        candidate.extraParameters = [QueryParameter(name: "sub1", value: "{sub1}")]
        _ = try await StoreFixtures.record(store, candidate)
        let entry = try #require(try await store.postbacks(PostbackLogFilter()).first)
        #expect(entry.warnings == candidate.warnings)
    }
}
