import Foundation
import PostbackCore
import Store
import Testing

/// The postback log's cursor (`PostbackLogFilter.beforeID`), which `GET /api/postbacks` pages
/// with, on both stores: read a page at a time it gives every line once, newest first, filters
/// included.
struct LogPagingTests {
    static let lines = 25
    static let page = 7

    @Test(arguments: StoreKind.available)
    func pagesByCursorGiveTheWholeLogOnceNewestFirst(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await StoreBehaviourTests.prepare(store, [StoreBehaviourTests.campaign("pg")])
            for index in 0..<Self.lines {
                // Every third one is accepted (a click of the campaign), the rest unknown clicks.
                let click = index % 3 == 0 && index / 3 < 5 ? "pgk\(index / 3 + 1)" : "none\(index)"
                _ = try await StoreBehaviourTests.send(store, "campaign_id=pg&click_id=\(click)")
            }
            let whole = try await store.postbacks(PostbackLogFilter(limit: 100))
            #expect(whole.count == Self.lines)

            for reason in [nil, RejectReason.unknownClick] {
                var filter = PostbackLogFilter(reason: reason, limit: Self.page)
                var paged: [PostbackLogEntry] = []
                for _ in 0...(Self.lines / Self.page + 1) {
                    let next = try await store.postbacks(filter)
                    paged += next
                    guard next.count == Self.page, let last = next.last?.id else { break }
                    filter.beforeID = last
                }
                let expected = whole.filter { reason == nil || $0.reason == reason }
                #expect(paged == expected, "reason \(String(describing: reason))")
            }
        }
    }
}
