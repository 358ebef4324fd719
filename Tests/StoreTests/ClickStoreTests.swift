import Foundation
import PostbackCore
import Testing

@testable import Store

struct ClickStoreTests {
    private func store(campaigns: [String] = ["c1", "c2"]) async throws -> SQLitePostbackStore {
        let store = try SQLitePostbackStore(path: nil)
        for id in campaigns { try await store.putCampaign(StoreFixtures.campaign(id)) }
        return store
    }

    @Test func clicksRoundTripAndCount() async throws {
        let store = try await store()
        let date = Date(timeIntervalSince1970: 1_749_999_999.001)
        try await store.addClicks(StoreFixtures.clicks("c1", ["a", "b"], createdAt: date))
        try await store.addClicks(StoreFixtures.clicks("c2", ["c"]))
        #expect(try await store.click(id: "a") == Click(id: "a", campaignID: "c1", createdAt: date))
        #expect(try await store.click(id: "c")?.campaignID == "c2")
        #expect(try await store.click(id: "zz") == nil)
        #expect(try await store.stats(campaignID: "c1")?.clicks == 2)
        #expect(try await store.stats(campaignID: "c2")?.clicks == 1)
    }

    @Test func aDuplicateIDRecordsNoneOfTheBatch() async throws {
        let store = try await store()
        try await store.addClicks(StoreFixtures.clicks("c1", ["taken"]))
        let batch = StoreFixtures.clicks("c1", ["new1", "new2"]) + StoreFixtures.clicks("c2", ["taken", "new3"])
        let error = try await #require(throws: StoreError.self) { try await store.addClicks(batch) }
        #expect(error.isDuplicateClick)
        #expect(error.message.contains("'taken'"))
        for id in ["new1", "new2", "new3"] {
            #expect(try await store.click(id: id) == nil)
        }
        #expect(try await store.click(id: "taken")?.campaignID == "c1")
        #expect(try await store.stats(campaignID: "c1")?.clicks == 1)
        #expect(try await store.stats(campaignID: "c2")?.clicks == 0)
    }

    @Test func aDuplicateInsideOneBatchRecordsNone() async throws {
        let store = try await store()
        let error = try await #require(throws: StoreError.self) {
            try await store.addClicks(StoreFixtures.clicks("c1", ["x", "y", "x"]))
        }
        #expect(error == .duplicateClick("x"))
        #expect(try await store.click(id: "x") == nil)
        #expect(try await store.stats(campaignID: "c1")?.clicks == 0)
    }

    @Test func anUnknownCampaignRecordsNone() async throws {
        let store = try await store()
        let batch = StoreFixtures.clicks("c1", ["ok"]) + StoreFixtures.clicks("ghost", ["g"])
        let error = try await #require(throws: StoreError.self) { try await store.addClicks(batch) }
        #expect(error.isUnknownCampaign)
        #expect(error.message.contains("'ghost'"))
        #expect(try await store.click(id: "ok") == nil)
        #expect(try await store.stats(campaignID: "ghost") == nil)
    }

    @Test func anEmptyBatchIsANoOp() async throws {
        let store = try await store()
        try await store.addClicks([])
        #expect(try await store.stats(campaignID: "c1")?.clicks == 0)
    }
}
