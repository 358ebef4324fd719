import Curl
import Foundation
import PostbackTesting
import Synchronization
import Testing

/// Point 3: hostile input. A seeded fuzz run of 20,000 generated requests (mutated query strings
/// and raw request shapes over plain sockets) with valid postbacks interleaved; the receiver
/// stays up, answers each hostile request with a 4xx or closes the connection, records every
/// valid postback and none smuggled, and its memory stays bounded.
struct HostileInputTests {
    static let campaign = "fz"
    static let requests = 20_000
    /// Every `validEvery`-th request is a valid postback for a click of its own.
    static let validEvery = 20
    static let seed: UInt64 =
        ProcessInfo.processInfo.environment["POSTBACK_FUZZ_SEED"].flatMap(UInt64.init)
        ?? 0x5EED_2026

    /// What the fuzz run saw.
    struct Findings {
        var failures: [String] = []
        var outcomes: [String: Int] = [:]
        var validAccepted = 0
        var smuggled: Set<String> = []
    }

    @Test(.timeLimit(.minutes(3)))
    func twentyThousandHostileRequestsLeaveTheReceiverUpAndExact() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ph-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let serve = try ServeProcess([
            "--db", folder.appendingPathComponent("fuzz.sqlite").path, "--header-timeout", "2", "--body-timeout", "1",
        ])
        defer { serve.stop() }
        let validClicks = (0..<(Self.requests / Self.validEvery)).map { "ok-\($0)" }
        let smuggledClicks = (0..<50).map { "smuggled-\($0)" }
        try await CurlClient.withClient { client in
            let admin = AdminClient(client: client, baseURL: serve.baseURL)
            try await admin.putCampaign(Self.campaign, StormPlan(campaign: Self.campaign).campaignJSON)
            try await admin.addClicks(Self.campaign, validClicks + smuggledClicks)
        }

        // Pre-generate every request from the seed, so that a failure names a reproducible index.
        var generator = HostileRequests(campaign: Self.campaign, seed: Self.seed)
        var plan: [HostileRequests.Request?] = []
        for index in 0..<Self.requests {
            plan.append(index % Self.validEvery == 0 ? nil : generator.next(index: index))
        }
        let requests = plan
        let findings = Shared(Findings())
        let port = serve.port
        let workers = 8
        var resident: [Int] = []
        // Warm up on the first tenth, then measure the receiver's memory before and after the rest.
        for (start, end) in [(0, Self.requests / 10), (Self.requests / 10, Self.requests)] {
            await onThreads(workers) { worker in
                var index = start + worker
                while index < end {
                    Self.exchange(index: index, request: requests[index], port: port, findings: findings)
                    index += workers
                }
            }
            resident.append(serve.residentKiB ?? -1)
        }

        let seen = findings.value
        #expect(
            seen.failures.isEmpty,
            "seed \(Self.seed): \(seen.failures.count) failures, first: \(seen.failures.prefix(8))")
        #expect(serve.isRunning, "the receiver died; stderr: \(serve.stderr.suffix(2000))")
        #expect(seen.validAccepted == validClicks.count)
        let (before, after) = (resident[0], resident[1])
        #expect(before > 0 && after > 0)
        #expect(
            after - before < 96 * 1024, "RSS grew from \(before) KiB to \(after) KiB over \(Self.requests) requests")
        #expect(after < 768 * 1024, "RSS \(after) KiB")
        print("fuzz seed \(Self.seed): \(seen.outcomes.sorted { $0.key < $1.key }); RSS \(before) → \(after) KiB")

        try await CurlClient.withClient { client in
            let admin = AdminClient(client: client, baseURL: serve.baseURL)
            let health = try await admin.send("GET", "/healthz")
            #expect(health.status == 200)
            let stats = try await admin.stats(Self.campaign)
            #expect(stats["conversions"] as? Int == validClicks.count, "every valid postback recorded, nothing else")
            let accepted = try await admin.postbacks("campaign_id=\(Self.campaign)&result=accepted&limit=10000")
            let clicks = Set(accepted.compactMap { $0["click_id"] as? String })
            #expect(
                clicks == Set(validClicks), "smuggled or missing: \(clicks.symmetricDifference(validClicks).prefix(5))")
        }
    }

    /// Sends one request and files what happened.
    static func exchange(
        index: Int, request: HostileRequests.Request?, port: Int, findings: Shared<Findings>
    ) {
        guard let request else {
            let click = "ok-\(index / validEvery)"
            let outcome = RawHTTP.exchange(
                port: port, RawHTTP.get("/postback/advertiser?campaign_id=\(campaign)&click_id=\(click)"))
            findings.withLock { findings in
                if case .answered(200, let body) = outcome, body.contains("\"accepted\"") {
                    findings.validAccepted += 1
                } else {
                    findings.failures.append("#\(index) valid postback for \(click): \(outcome)")
                }
            }
            return
        }
        let outcome = RawHTTP.exchange(port: port, request.bytes)
        findings.withLock { findings in
            let key: String
            switch outcome {
            case .answered(let status, _) where (400..<500).contains(status): key = "\(status)"
            case .closed: key = "closed"
            default:
                key = "bad"
                let shown = String(decoding: request.bytes.prefix(160), as: UTF8.self).debugDescription
                findings.failures.append("#\(index) \(request.kind) → \(outcome): \(shown)")
            }
            findings.outcomes["\(request.kind): \(key)", default: 0] += 1
        }
    }
}
