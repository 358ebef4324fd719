import Curl
import Foundation
import PostbackTesting
import Testing

/// Conversions recorded once: accepted, duplicate, status update, form posts, and a race.
@Suite(.timeLimit(.minutes(1)))
struct PostbackFlowTests {
    @Test("accepted, then duplicate, then status_updated, counted once")
    func acceptedDuplicateStatusUpdated() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let target = "/postback/advertiser?campaign_id=c1&click_id=clk1"

            let first = try await receiver.get(target)
            #expect(first.status == 200)
            let accepted = try JSONBody(first)
            #expect(accepted.keys == verdictKeys)
            #expect(accepted.string("result") == "accepted")
            #expect(accepted.isNull("reason"))
            let conversionID = try #require(accepted.string("conversion_id"))
            #expect(!conversionID.isEmpty)

            let again = try await receiver.get(target)
            #expect(again.status == 200)
            #expect(try JSONBody(again).string("result") == "duplicate")

            let update = try await receiver.get(target + "&status=declined")
            #expect(update.status == 200)
            #expect(try JSONBody(update).string("result") == "status_updated")

            let stats = try JSONBody(try await receiver.admin("GET", "/api/campaigns/c1/stats"))
            #expect(stats.int("conversions") == 1)
            #expect(stats.int("duplicates") == 1)
            #expect(stats.int("status_updates") == 1)
            let byStatus = try #require(stats["conversions_by_status"] as? NSDictionary)
            #expect(byStatus == ["approved": 0, "pending": 0, "declined": 1] as NSDictionary)
            #expect(Decimal(string: stats.string("payout_total") ?? "") == 0)
        }
    }

    @Test("POST with a form body is a postback like GET")
    func formPost() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let response = try await receiver.send(
                "POST", "/postback/advertiser",
                headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("campaign_id=c1&click_id=clk1&payout=2.50".utf8))
            #expect(response.status == 200)
            #expect(try JSONBody(response).string("result") == "accepted")
            let stats = try JSONBody(try await receiver.admin("GET", "/api/campaigns/c1/stats"))
            #expect(stats.int("conversions") == 1)
            #expect(Decimal(string: stats.string("payout_total") ?? "") == Decimal(string: "2.5"))
            let log = try JSONBody(try await receiver.admin("GET", "/api/postbacks?campaign_id=c1"))
            let entry = try #require(log.array?.first)
            #expect(entry["method"] as? String == "POST")
            #expect(entry["result"] as? String == "accepted")
        }
    }

    @Test("a multi-event campaign records each event once, with the event's payout")
    func multiEvent() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            for event in ["install", "purchase", "install"] {
                let response = try await receiver.get(
                    "/postback/advertiser?campaign_id=multi&click_id=clkm&event=\(event)")
                #expect(response.status == 200)
            }
            let stats = try JSONBody(try await receiver.admin("GET", "/api/campaigns/multi/stats"))
            #expect(stats.int("conversions") == 2)
            #expect(stats.int("duplicates") == 1)
            #expect(Decimal(string: stats.string("payout_total") ?? "") == 6)
        }
    }

    @Test("40 identical postbacks at once give exactly one accepted and 39 duplicates")
    func concurrentDuplicates() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let target = "/postback/advertiser?campaign_id=c1&click_id=clk1&payout=1.50"
            let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        let response = try await receiver.get(target)
                        return (response.status, try JSONBody(response).string("result") ?? "?")
                    }
                }
                var collected: [(Int, String)] = []
                for try await result in group { collected.append(result) }
                return collected
            }
            #expect(results.count == 40)
            #expect(results.allSatisfy { $0.0 == 200 })
            #expect(results.filter { $0.1 == "accepted" }.count == 1)
            #expect(results.filter { $0.1 == "duplicate" }.count == 39)
            let stats = try JSONBody(try await receiver.admin("GET", "/api/campaigns/c1/stats"))
            #expect(stats.int("conversions") == 1)
            #expect(stats.int("duplicates") == 39)
            #expect(Decimal(string: stats.string("payout_total") ?? "") == Decimal(string: "1.5"))
        }
    }
}
