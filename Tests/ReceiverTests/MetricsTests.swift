import Curl
import Foundation
import PostbackTesting
import Receiver
import Testing

/// `GET /metrics` after real postbacks sent through the project's libcurl client: exact counter
/// values, a latency histogram that adds up, per-campaign series from the store, and text that
/// parses as Prometheus' format.
@Suite(.timeLimit(.minutes(1)))
struct MetricsTests {
    static let postbacks = "postback_harness_postbacks_total"
    static let duration = "postback_harness_postback_duration_seconds"

    /// Sends the same mix of postbacks in every test: 2 accepted, 1 duplicate, 1 status update,
    /// 3 unknown_click, 1 missing_parameter, 1 malformed_request (repeated parameter) and
    /// 1 malformed_request (a PUT, answered by the endpoint itself): 10 in all.
    static func sendMix(_ receiver: TestReceiver) async throws {
        let targets: [(String, String, Int)] = [
            ("GET", "/postback/advertiser?campaign_id=c1&click_id=clk1", 200),
            ("GET", "/postback/advertiser?campaign_id=c2&click_id=clk2&payout=2.50", 200),
            ("GET", "/postback/advertiser?campaign_id=c1&click_id=clk1", 200),
            ("GET", "/postback/advertiser?campaign_id=c1&click_id=clk1&status=declined", 200),
            ("GET", "/postback/advertiser?campaign_id=c1&click_id=nope1", 404),
            ("GET", "/postback/advertiser?campaign_id=c1&click_id=nope2", 404),
            ("GET", "/postback/advertiser?campaign_id=c2&click_id=nope3", 404),
            ("GET", "/postback/advertiser?campaign_id=c1&clickid=clk1", 400),
            ("GET", "/postback/advertiser?campaign_id=c1&campaign_id=c1&click_id=clk1", 400),
            ("PUT", "/postback/advertiser?campaign_id=c1&click_id=clk1", 405),
        ]
        for (method, target, status) in targets {
            let response = try await receiver.send(method, target)
            try #require(response.status == status, "\(method) \(target): \(response.status) \(response.bodyText)")
        }
    }

    static func scrape(_ receiver: TestReceiver, headers: [HTTPHeader] = []) async throws -> MetricsTextFormat {
        let response = try await receiver.send("GET", "/metrics", headers: headers)
        try #require(response.status == 200, "\(response.status) \(response.bodyText)")
        #expect(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        return try MetricsTextFormat(response.bodyText)
    }

    @Test("postbacks by result and reason: exact counts, every series present from the start")
    func postbacksByResultAndReason() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let before = try await Self.scrape(receiver)
            #expect(
                before.samples(named: Self.postbacks).count == 5 + 12,
                "each result without a reason, each reject reason")
            #expect(before.samples(named: Self.postbacks).allSatisfy { $0.value == 0 })
            #expect(before.types[Self.postbacks] == "counter")
            #expect(before.helps[Self.postbacks]?.isEmpty == false)

            try await Self.sendMix(receiver)
            let metrics = try await Self.scrape(receiver)
            let expected: [String: Double] = [
                "accepted/none": 2, "duplicate/none": 1, "status_updated/none": 1, "rejected/none": 0,
                "rejected/unknown_click": 3, "rejected/missing_parameter": 1, "rejected/malformed_request": 2,
            ]
            for sample in metrics.samples(named: Self.postbacks) {
                let key = "\(sample.labels["result"] ?? "?")/\(sample.labels["reason"] ?? "?")"
                #expect(sample.value == expected[key] ?? 0, "\(key)")
                #expect(Set(sample.labels.keys) == ["result", "reason"])
            }
            #expect(metrics.value(Self.postbacks, ["result": "rejected", "reason": "unknown_click"]) == 3)
        }
    }

    @Test("the latency histogram counts every answered postback and its buckets add up")
    func latencyHistogram() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            try await Self.sendMix(receiver)
            let metrics = try await Self.scrape(receiver)
            #expect(metrics.types[Self.duration] == "histogram")
            #expect(metrics.value(Self.duration + "_count") == 10)
            let sum = try #require(metrics.value(Self.duration + "_sum"))
            #expect(sum > 0 && sum < 10)
            let buckets = metrics.samples(named: Self.duration + "_bucket")
                .compactMap { sample in
                    sample.labels["le"].map { ($0 == "+Inf" ? Double.infinity : Double($0), sample.value) }
                }
                .compactMap { bound, count in bound.map { ($0, count) } }
                .sorted { $0.0 < $1.0 }
            #expect(buckets.count == 15)
            #expect(buckets.first?.0 == 0.0005)
            #expect(buckets.last?.0 == .infinity)
            #expect(buckets.last?.1 == 10)
            #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.1 <= $1.1 }, "cumulative buckets never decrease")
            // Ten local postbacks all answer within ten seconds.
            #expect(buckets.first { $0.0 == 10 }?.1 == 10)
        }
    }

    @Test("clicks issued and conversions by campaign come from the store")
    func perCampaign() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            for _ in 0..<3 {
                #expect(try await receiver.get("/click/c1").status == 302)
            }
            try await Self.sendMix(receiver)
            let metrics = try await Self.scrape(receiver)
            // c1: clk1 and clkold from the world, 3 redirects.
            #expect(metrics.value("postback_harness_clicks_issued_total", ["campaign_id": "c1"]) == 5)
            #expect(metrics.value("postback_harness_clicks_issued_total", ["campaign_id": "c2"]) == 1)
            #expect(metrics.samples(named: "postback_harness_clicks_issued_total").count == 7)
            #expect(metrics.value("postback_harness_conversions_total", ["campaign_id": "c1"]) == 1)
            #expect(metrics.value("postback_harness_conversions_total", ["campaign_id": "c2"]) == 1)
            #expect(metrics.value("postback_harness_conversions_total", ["campaign_id": "multi"]) == 0)
            let c1 = { (status: String) in
                metrics.value("postback_harness_conversions_by_status", ["campaign_id": "c1", "status": status])
            }
            // c1's one conversion was declined by the status update.
            #expect(c1("declined") == 1)
            #expect(c1("approved") == 0)
            #expect(c1("pending") == 0)
            #expect(metrics.value("postback_harness_approved_payout", ["campaign_id": "c2"]) == 2.5)
            #expect(metrics.value("postback_harness_approved_payout", ["campaign_id": "c1"]) == 0)
            #expect(metrics.types["postback_harness_conversions_by_status"] == "gauge")
            #expect(metrics.types["postback_harness_clicks_issued_total"] == "counter")
        }
    }

    @Test("every line is HELP, TYPE or a sample, and every family has help")
    func textFormat() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            try await Self.sendMix(receiver)
            let metrics = try await Self.scrape(receiver)
            #expect(metrics.types.count == 9)
            #expect(metrics.types["postback_harness_store_transactions_total"] == "counter")
            #expect(Set(metrics.types.keys) == Set(metrics.helps.keys))
            #expect(metrics.samples.allSatisfy { $0.name.hasPrefix("postback_harness_") })
        }
    }

    @Test(
        "the reader refuses text that is not the format",
        arguments: [
            "postbacks 1", "# TYPE a counter\na{b=\"1} 2\n", "# TYPE a counter\na 1\na 2\n", "a 1\n",
            "# TYPE a counter\na{b=\"1\"}2\n", "# TYPE a counter\na one\n",
        ])
    func readerRefuses(text: String) {
        #expect(throws: MetricsTextFormat.ParseError.self) { try MetricsTextFormat(text) }
    }

    @Test("with an admin token, /metrics needs it as Bearer or as the Basic password")
    func adminToken() async throws {
        try await withTestReceiver(configuration: ReceiverConfiguration(adminToken: "m3trics")) { receiver in
            let refused = try await receiver.send("GET", "/metrics")
            #expect(refused.status == 401)
            #expect(
                refused.headers.filter { $0.name.lowercased() == "www-authenticate" }.map(\.value).contains {
                    $0.hasPrefix("Basic realm=")
                })
            #expect(!refused.bodyText.contains("postback_harness_"))
            let wrong = try await receiver.send(
                "GET", "/metrics", headers: [HTTPHeader("Authorization", "Bearer nope")])
            #expect(wrong.status == 401)
            _ = try await Self.scrape(receiver, headers: [HTTPHeader("Authorization", "Bearer m3trics")])
            let basic = "Basic " + Data("prometheus:m3trics".utf8).base64EncodedString()
            _ = try await Self.scrape(receiver, headers: [HTTPHeader("Authorization", basic)])
        }
    }
}
