import Curl
import Foundation
import Testing

/// Point 1 (and 5): 64 connections × 200 rounds of the same postbacks at once — duplicates,
/// status updates, new clicks and unknown clicks — and the statistics equal, exactly, what a
/// sequential model of the sends implies. Against `serve` on SQLite, and against two `serve`
/// processes sharing one PostgreSQL store with the load split between them.
@Suite(.serialized)
struct ExactlyOnceTests {
    /// What the receivers answered, by result.
    struct Tally: Equatable {
        var accepted = 0
        var duplicates = 0
        var statusUpdates = 0
        var rejectedUnknownClick = 0
        var other: [String] = []
        var conversionIDs: Set<String> = []
    }

    /// Sends the plan's rounds, each all at once, connection `c` to `receivers[c % count]`.
    static func storm(_ plan: StormPlan, receivers: [String], client: CurlClient) async throws -> Tally {
        var tally = Tally()
        for round in 0..<plan.rounds {
            let answers = try await withThrowingTaskGroup(of: AdminClient.Answer.self) { group in
                for connection in 0..<plan.connections {
                    let admin = AdminClient(client: client, baseURL: receivers[connection % receivers.count])
                    let query = plan.query(round: round, connection: connection)
                    group.addTask { try await admin.postback(query) }
                }
                var answers: [AdminClient.Answer] = []
                for try await answer in group { answers.append(answer) }
                return answers
            }
            for answer in answers {
                switch (answer.status, answer.result, answer.reason) {
                case (200, "accepted", _):
                    tally.accepted += 1
                    if let id = answer.conversionID { tally.conversionIDs.insert(id) }
                case (200, "duplicate", _): tally.duplicates += 1
                case (200, "status_updated", _): tally.statusUpdates += 1
                case (404, "rejected", "unknown_click"): tally.rejectedUnknownClick += 1
                default: tally.other.append("round \(round): \(answer)")
                }
            }
        }
        return tally
    }

    /// Checks the answers and every receiver's statistics against the model.
    static func expectExact(_ plan: StormPlan, _ tally: Tally, stats: [[String: Any]]) {
        let expected = plan.expected()
        #expect(tally.other.isEmpty, "unexpected answers: \(tally.other.prefix(5))")
        #expect(tally.accepted == expected.accepted, "accepted answers; model: \(expected)")
        #expect(tally.conversionIDs.count == expected.accepted, "every accepted answer has its own conversion id")
        #expect(tally.duplicates == expected.duplicates)
        #expect(tally.statusUpdates == expected.statusUpdates)
        #expect(tally.rejectedUnknownClick == expected.rejectedUnknownClick)
        for stat in stats {
            #expect(stat["conversions"] as? Int == expected.conversions, "stats: \(stat)")
            #expect(stat["duplicates"] as? Int == expected.duplicates)
            #expect(stat["status_updates"] as? Int == expected.statusUpdates)
            let byStatus = stat["conversions_by_status"] as? [String: Int] ?? [:]
            #expect(
                byStatus == ["approved": expected.approved, "pending": expected.pending, "declined": expected.declined])
            #expect(stat["rejected"] as? [String: Int] == ["unknown_click": expected.rejectedUnknownClick])
            #expect(
                (stat["payout_total"] as? String).flatMap { Decimal(string: $0) } == expected.payoutTotal,
                "payout_total \(stat["payout_total"] ?? "nil") ≠ \(expected.payoutTotal)")
            #expect(stat["clicks"] as? Int == plan.issuedClicks.count)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func sixtyFourConnectionsTimesTwoHundredRoundsOnSQLite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ph-storm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let serve = try ServeProcess(["--db", folder.appendingPathComponent("storm.sqlite").path])
        defer { serve.stop() }
        let plan = StormPlan()
        try await CurlClient.withClient(maxConnections: 64) { client in
            let admin = AdminClient(client: client, baseURL: serve.baseURL)
            try await admin.putCampaign(plan.campaign, plan.campaignJSON)
            try await admin.addClicks(plan.campaign, plan.issuedClicks)
            let tally = try await Self.storm(plan, receivers: [serve.baseURL], client: client)
            Self.expectExact(plan, tally, stats: [try await admin.stats(plan.campaign)])
        }
        #expect(serve.isRunning)
    }

    @Test(.timeLimit(.minutes(2)), TestPostgres.available)
    func twoReceiversOnOnePostgresStoreSplitTheStorm() async throws {
        let url = try TestPostgres.freshURL()
        let started = Date()
        let first = try ServeProcess(["--database", url])
        defer { first.stop() }
        let second = try ServeProcess(["--database", url])
        defer { second.stop() }
        let plan = StormPlan()
        let up = Date()
        try await CurlClient.withClient(maxConnections: 64) { client in
            let admin = AdminClient(client: client, baseURL: first.baseURL)
            try await admin.putCampaign(plan.campaign, plan.campaignJSON)
            try await admin.addClicks(plan.campaign, plan.issuedClicks)
            let ready = Date()
            let tally = try await Self.storm(plan, receivers: [first.baseURL, second.baseURL], client: client)
            print(
                "PostgreSQL storm: receivers up in \(up.timeIntervalSince(started)) s, setup \(ready.timeIntervalSince(up)) s, "
                    + "\(plan.connections * plan.rounds) postbacks in \(Date().timeIntervalSince(ready)) s")
            let other = AdminClient(client: client, baseURL: second.baseURL)
            Self.expectExact(
                plan, tally, stats: [try await admin.stats(plan.campaign), try await other.stats(plan.campaign)])
            // Both receivers served half of the load.
            let logFirst = try await admin.postbacks("campaign_id=\(plan.campaign)&limit=10000")
            #expect(logFirst.count == min(10_000, plan.connections * plan.rounds))
        }
    }
}
