import Curl
import Foundation
import PostbackCore
import PostbackTesting
import Receiver
import Store
import Testing

/// A store that stops answering (a PostgreSQL server gone, a disk stalled): postbacks get
/// `503 unavailable` with `Retry-After` within seconds, and `/healthz` says so, instead of
/// hanging until the tracker gives up.
@Suite(.timeLimit(.minutes(1)))
struct StoreFailureTests {
    /// Reads and postbacks hang for `hang`; everything else is the SQLite store's.
    struct HangingStore: PostbackStore {
        let inner: SQLitePostbackStore
        var hang = Duration.seconds(20)

        func putCampaign(_ campaign: Campaign) async throws { try await inner.putCampaign(campaign) }
        func campaign(id: String) async throws -> Campaign? {
            try await Task.sleep(for: hang)
            return try await inner.campaign(id: id)
        }
        func campaigns() async throws -> [Campaign] { try await inner.campaigns() }
        func addClicks(_ clicks: [Click]) async throws { try await inner.addClicks(clicks) }
        func click(id: String) async throws -> Click? { try await inner.click(id: id) }
        func deleteCampaign(id: String) async throws -> Bool { try await inner.deleteCampaign(id: id) }
        func process(_ request: PostbackRequest, now: Date) async throws -> Verdict {
            try await Task.sleep(for: hang)
            return try await inner.process(request, now: now)
        }
        func recordRejection(_ verdict: Verdict, request: PostbackRequest) async throws {
            try await inner.recordRejection(verdict, request: request)
        }
        func stats(campaignID: String) async throws -> CampaignStats? { try await inner.stats(campaignID: campaignID) }
        func allStats() async throws -> [CampaignStats] { try await inner.allStats() }
        func postbacks(_ filter: PostbackLogFilter) async throws -> [PostbackLogEntry] {
            try await inner.postbacks(filter)
        }
    }

    @Test("a store that hangs: the postback is answered 503 unavailable within seconds, and logged")
    func postbackAnsweredFast() async throws {
        let inner = try SQLitePostbackStore(path: nil)
        try await withReceiver(configuration: ReceiverConfiguration(), store: HangingStore(inner: inner)) { running in
            try await CurlClient.withClient { client in
                let start = ContinuousClock.now
                let answer = try await client.send(
                    CurlRequest(
                        url: running.baseURL + "/postback/advertiser?campaign_id=c1&click_id=k1",
                        timeout: .seconds(15)))
                let took = ContinuousClock.now - start
                #expect(answer.status == 503)
                #expect(answer.header("Retry-After") == "5")
                #expect(answer.bodyText.contains(#""result":"unavailable""#))
                #expect(answer.bodyText.contains(#""reason":"store_unavailable""#))
                #expect(took < .seconds(8), "answered after \(took)")
                // The answer does not wait for its log line: wait for it, bounded.
                let logged = try await poll {
                    try await inner.postbacks(PostbackLogFilter()).first?.result == .unavailable
                }
                #expect(logged, "no unavailable line in the log")
            }
        }
    }

    @Test("/healthz answers 503 while the store does not answer, 200 when it does")
    func healthReflectsTheStore() async throws {
        let inner = try SQLitePostbackStore(path: nil)
        try await withReceiver(configuration: ReceiverConfiguration(), store: HangingStore(inner: inner)) { running in
            try await CurlClient.withClient { client in
                let start = ContinuousClock.now
                let health = try await client.send(CurlRequest(url: running.baseURL + "/healthz"))
                #expect(health.status == 503)
                #expect(health.bodyText.contains("store_unavailable"))
                #expect(ContinuousClock.now - start < .seconds(5))
            }
        }
        try await withReceiver(configuration: ReceiverConfiguration(), store: inner) { running in
            let health = try await CurlClient.withClient { client in
                try await client.send(CurlRequest(url: running.baseURL + "/healthz"))
            }
            #expect(health.status == 200)
        }
    }
}
