import Curl
import Foundation
import Synchronization
import Testing

/// Point 2: `serve` on a file is killed with SIGKILL in the middle of a stream of postbacks and
/// restarted on the same file; every conversion it answered `accepted` is there, under the same
/// conversion id, and none is counted twice. Five times.
struct CrashDurabilityTests {
    static let campaign = "crash"
    static let streams = 16
    static let clicksPerStream = 400

    /// What the sending side saw: the conversion id of every `accepted` answer, by click, and the
    /// clicks whose send got no answer (in flight at the kill: recorded or not, never twice).
    struct Ledger {
        var accepted: [String: String] = [:]
        var unanswered: Set<String> = []
        var answers = 0
    }

    @Test(.timeLimit(.minutes(2)))
    func everyAcceptedConversionSurvivesSIGKILL() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ph-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for repetition in 1...5 {
            let path = folder.appendingPathComponent("crash-\(repetition).sqlite").path
            try await crashAndRecover(path: path, killAfterAnswers: 150 + 70 * repetition, repetition: repetition)
        }
    }

    private func crashAndRecover(path: String, killAfterAnswers: Int, repetition: Int) async throws {
        let serve = try ServeProcess(["--db", path])
        defer { serve.killHard() }
        let clicks = (0..<(Self.streams * Self.clicksPerStream)).map { "k\($0)" }
        let ledger = Shared(Ledger())
        try await CurlClient.withClient(maxConnections: Self.streams) { client in
            let admin = AdminClient(client: client, baseURL: serve.baseURL)
            try await admin.putCampaign(Self.campaign, StormPlan(campaign: Self.campaign).campaignJSON)
            try await admin.addClicks(Self.campaign, clicks)
            await withTaskGroup(of: Void.self) { group in
                for stream in 0..<Self.streams {
                    group.addTask {
                        for index in 0..<Self.clicksPerStream {
                            // Every fourth send repeats the stream's previous click: a duplicate.
                            let number = index % 4 == 3 ? index - 1 : index
                            let click = clicks[stream * Self.clicksPerStream + number]
                            do {
                                let answer = try await admin.postback("campaign_id=\(Self.campaign)&click_id=\(click)")
                                let answers = ledger.withLock { ledger in
                                    ledger.answers += 1
                                    if answer.status == 200, answer.result == "accepted", let id = answer.conversionID {
                                        ledger.accepted[click] = id
                                    }
                                    return ledger.answers
                                }
                                if answers == killAfterAnswers { kill(serve.pid, SIGKILL) }
                            } catch {
                                // No answer: the receiver is gone. Recorded or not, it is unknown.
                                ledger.withLock { _ = $0.unanswered.insert(click) }
                                return
                            }
                        }
                    }
                }
            }
        }
        serve.killHard()
        let seen = ledger.value
        #expect(seen.answers >= killAfterAnswers, "repetition \(repetition): the kill came mid-load")
        #expect(!seen.unanswered.isEmpty, "repetition \(repetition): the kill cut sends in flight")

        let restarted = try ServeProcess(["--db", path])
        defer { restarted.stop() }
        try await CurlClient.withClient(maxConnections: Self.streams) { client in
            let admin = AdminClient(client: client, baseURL: restarted.baseURL)
            let log = try await admin.postbacks("campaign_id=\(Self.campaign)&result=accepted&limit=10000")
            var recorded: [String: String] = [:]
            var countedTwice: [String] = []
            for entry in log {
                guard let click = entry["click_id"] as? String else { continue }
                if recorded[click] != nil { countedTwice.append(click) }
                recorded[click] = entry["conversion_id"] as? String ?? ""
            }
            #expect(countedTwice.isEmpty, "repetition \(repetition): clicks accepted twice: \(countedTwice.prefix(5))")
            let lost = seen.accepted.filter { recorded[$0.key] != $0.value }
            #expect(
                lost.isEmpty,
                "repetition \(repetition): \(lost.count) of \(seen.accepted.count) accepted conversions lost: \(lost.prefix(5))"
            )
            // Anything recorded beyond the accepted answers was in flight at the kill.
            let extra = Set(recorded.keys).subtracting(seen.accepted.keys)
            #expect(extra.isSubset(of: seen.unanswered), "repetition \(repetition): recorded but never sent: \(extra)")
            let stats = try await admin.stats(Self.campaign)
            #expect(stats["conversions"] as? Int == recorded.count, "repetition \(repetition): \(stats)")
            // Sent again, every accepted conversion is a duplicate of itself.
            for (click, id) in seen.accepted.sorted(by: { $0.key < $1.key }).prefix(50) {
                let answer = try await admin.postback("campaign_id=\(Self.campaign)&click_id=\(click)")
                #expect(answer.status == 200 && answer.result == "duplicate" && answer.conversionID == id, "\(answer)")
            }
            #expect(try await admin.stats(Self.campaign)["conversions"] as? Int == recorded.count)
        }
    }
}
