import Curl
import Foundation
import PostbackTesting
import Testing

/// `GET /click/{campaign_id}` issues click ids and redirects with them (DESIGN §2, step 1).
@Suite(.timeLimit(.minutes(1)))
struct ClickTests {
    @Test("a click redirects to the tracking link with the issued id, which then converts")
    func redirectAndCapture() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let response = try await receiver.get("/click/c1")
            #expect(response.status == 302)
            let location = try #require(response.header("Location"))
            #expect(location.hasPrefix("https://trk.example/c?cid="))
            let clickID = String(location.dropFirst("https://trk.example/c?cid=".count))
            #expect(!clickID.isEmpty && !clickID.contains("{"))
            #expect(try JSONBody(response).string("click_id") == clickID)

            let click = try #require(try await receiver.running.store.click(id: clickID))
            #expect(click.campaignID == "c1")
            let stats = try JSONBody(try await receiver.admin("GET", "/api/campaigns/c1/stats"))
            #expect(stats.int("clicks") == 3)  // clk1, clkold and this one

            let postback = try await receiver.get("/postback/advertiser?campaign_id=c1&click_id=\(clickID)")
            #expect(postback.status == 200)
            #expect(try JSONBody(postback).string("result") == "accepted")
        }
    }

    @Test("every click gets a new id")
    func uniqueIDs() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            var ids = Set<String>()
            for _ in 0..<10 {
                ids.insert(try #require(try await receiver.get("/click/c1").header("Location")))
            }
            #expect(ids.count == 10)
        }
    }

    @Test("a campaign without tracking link answers the click id in JSON")
    func noTrackingLink() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let response = try await receiver.get("/click/c2")
            #expect(response.status == 200)
            let body = try JSONBody(response)
            let clickID = try #require(body.string("click_id"))
            #expect(try await receiver.running.store.click(id: clickID)?.campaignID == "c2")
        }
    }

    @Test(
        "clicks are issued in any campaign status", arguments: ["pending", "approved", "active", "paused", "rejected"])
    func anyStatus(status: String) async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let patch = try await receiver.admin("PATCH", "/api/campaigns/c1", json: #"{"status":"\#(status)"}"#)
            #expect(patch.status == 200)
            let response = try await receiver.get("/click/c1")
            #expect(response.status == 302)
            #expect(try JSONBody(response).string("click_id") != nil)
        }
    }

    @Test("an unknown campaign gets 404 and no click")
    func unknownCampaign() async throws {
        try await withTestReceiver { receiver in
            let response = try await receiver.get("/click/nope")
            #expect(response.status == 404)
            let body = try JSONBody(response)
            #expect(body.string("error") == "unknown_campaign")
            #expect(body.string("message")?.contains("nope") == true)
            try await receiver.expectServing()
        }
    }
}
