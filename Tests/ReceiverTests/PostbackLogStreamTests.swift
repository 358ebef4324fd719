import Foundation
import PostbackCore
import PostbackTesting
import Testing

@testable import Receiver

/// `GET /api/postbacks` is read from the store a page at a time and written as it goes; the
/// document is the same, byte for byte, as the whole array encoded at once (DESIGN §4).
struct PostbackLogStreamTests {
    static let page = PostbackLogStream.pageSize

    /// Log lines recorded (every other one on campaign `a`), the query, the filter it means.
    @Test(
        "a log answer written page by page is byte for byte the array encoded at once",
        arguments: [
            (0, "limit=10000", PostbackLogFilter(limit: 10_000)),
            (page - 1, "limit=10000", PostbackLogFilter(limit: 10_000)),
            (page, "limit=10000", PostbackLogFilter(limit: 10_000)),
            (2 * page + 7, "limit=10000", PostbackLogFilter(limit: 10_000)),
            (2 * page + 7, "limit=\(page + 3)", PostbackLogFilter(limit: page + 3)),
            (2 * page + 7, "campaign_id=a&limit=10000", PostbackLogFilter(campaignID: "a", limit: 10_000)),
        ])
    func pagedAnswerIsTheWholeArray(lines: Int, query: String, filter: PostbackLogFilter) async throws {
        try await withTestReceiver { receiver in
            for index in 0..<lines {
                let campaign = index.isMultiple(of: 2) ? "a" : "b"
                _ = try await receiver.get("/postback/advertiser?campaign_id=\(campaign)&click_id=c\(index)")
            }
            let response = try await receiver.admin("GET", "/api/postbacks?\(query)")
            #expect(response.status == 200)
            let whole = try ReceiverJSON.encoder().encode(try await receiver.running.store.postbacks(filter))
            #expect(response.body == Array(whole), "\(response.bodyText.prefix(200))")
            let count = try #require(try JSONBody(response).array).count
            #expect(count == min(filter.limit, filter.campaignID == nil ? lines : (lines + 1) / 2))
        }
    }
}
