import Curl
import Foundation
import PostbackTesting
import Receiver
import Testing

/// The admin API of DESIGN §4, with its exact field names.
@Suite(.timeLimit(.minutes(1)))
struct AdminAPITests {
    static let campaignKeys: Set<String> = [
        "id", "status", "type", "payout", "events", "token", "conversion_window_days", "default_conversion_status",
        "tracking_link", "dedup", "postback_url",
    ]
    static let statsKeys: Set<String> = [
        "campaign_id", "clicks", "conversions", "conversions_by_status", "duplicates", "status_updates", "rejected",
        "payout_total", "conversion_rate",
    ]
    static let logKeys: Set<String> = [
        "received_at", "method", "url", "source", "user_agent", "result", "reason", "message", "campaign_id",
        "click_id",
    ]

    @Test("PUT creates then replaces a campaign; GET serves it with postback_url")
    func createReplaceGet() async throws {
        try await withTestReceiver { receiver in
            let created = try await receiver.admin(
                "PUT", "/api/campaigns/1234",
                json:
                    #"{"id":"1234","status":"active","type":"cpi","payout":"1.20","tracking_link":"https://t.example/?c={click_id}"}"#
            )
            #expect(created.status == 201)
            let body = try JSONBody(created)
            #expect(body.keys == Self.campaignKeys)
            #expect(body.string("id") == "1234")
            #expect(body.string("status") == "active")
            #expect(body.string("type") == "cpi")
            #expect(Decimal(string: body.string("payout") ?? "") == Decimal(string: "1.2"))
            #expect(body.int("conversion_window_days") == 30)
            #expect(body.string("default_conversion_status") == "approved")
            #expect(body.string("dedup") == "click_event")
            #expect(body.isNull("token") && body.isNull("events"))
            #expect(
                body.string("postback_url")
                    == "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id={click_id}")

            let replaced = try await receiver.admin(
                "PUT", "/api/campaigns/1234",
                json: #"{"status":"pending","type":"cps","payout":"0.5","dedup":"click_txid"}"#)
            #expect(replaced.status == 200)
            let fetched = try JSONBody(try await receiver.admin("GET", "/api/campaigns/1234"))
            #expect(fetched.keys == Self.campaignKeys)
            #expect(fetched.string("type") == "cps")
            #expect(fetched.string("dedup") == "click_txid")
            #expect(fetched.isNull("tracking_link"))  // replaced, not merged
            #expect(fetched.isNull("postback_url"))  // pending
        }
    }

    @Test("DELETE removes a campaign with its clicks, conversions, statistics and log lines; 404 when unknown")
    func deleteCampaign() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            for campaign in ["c1", "c2"] {
                let click = campaign == "c1" ? "clk1" : "clk2"
                let accepted = try await receiver.get("/postback/advertiser?campaign_id=\(campaign)&click_id=\(click)")
                #expect(try JSONBody(accepted).string("result") == "accepted")
                let rejected = try await receiver.get("/postback/advertiser?campaign_id=\(campaign)&click_id=nope")
                #expect(rejected.status == 404)
            }
            let deleted = try await receiver.admin("DELETE", "/api/campaigns/c1")
            #expect(deleted.status == 204)
            #expect(deleted.body.isEmpty)
            #expect(try await receiver.admin("GET", "/api/campaigns/c1").status == 404)
            #expect(try await receiver.admin("GET", "/api/campaigns/c1/stats").status == 404)
            let log = try JSONBody(try await receiver.admin("GET", "/api/postbacks?campaign_id=c1"))
            #expect(log.array?.isEmpty == true)
            #expect(try await receiver.get("/click/c1").status == 404)
            let late = try await receiver.get("/postback/advertiser?campaign_id=c1&click_id=clk1")
            #expect(try JSONBody(late).string("reason") == "unknown_campaign")

            let kept = try JSONBody(try await receiver.admin("GET", "/api/campaigns/c2/stats"))
            #expect(kept.int("clicks") == 1)
            #expect(kept.int("conversions") == 1)
            let keptLog = try JSONBody(try await receiver.admin("GET", "/api/postbacks?campaign_id=c2"))
            #expect(keptLog.array?.count == 2)

            let again = try await receiver.admin("DELETE", "/api/campaigns/c1")
            #expect(again.status == 404)
            let error = try JSONBody(again)
            #expect(error.keys == errorKeys)
            #expect(error.string("error") == "unknown_campaign")
            #expect(error.string("message") == "campaign 'c1' does not exist")
            let invalid = try await receiver.admin("DELETE", "/api/campaigns/bad%20id")
            #expect(invalid.status == 400)
        }
    }

    @Test("postback_url names every parameter the campaign requires: event, amount, txid, token")
    func postbackURLCarriesRequiredParameters() async throws {
        try await withTestReceiver { receiver in
            try await receiver.putCampaign(
                "all",
                #"{"status":"active","type":"cps","payout":"0","events":{"sale":"1.00"},"dedup":"click_txid","token":"t0k"}"#
            )
            let body = try JSONBody(try await receiver.admin("GET", "/api/campaigns/all"))
            #expect(
                body.string("postback_url")
                    == "https://clickwall.net/postback/advertiser?campaign_id=all&click_id={click_id}&event={event}"
                    + "&amount={amount}&txid={txid}&token=t0k")
            // A postback made from that URL, macros filled, is accepted.
            try await receiver.addClicks("all", ["clkall"])
            let answer = try await receiver.get(
                "/postback/advertiser?campaign_id=all&click_id=clkall&event=sale&amount=9.99&txid=T1&token=t0k")
            #expect(try JSONBody(answer).string("result") == "accepted", "\(answer.bodyText)")
        }
    }

    @Test("PATCH changes only the given fields, status included; null clears an optional field")
    func patch() async throws {
        try await withTestReceiver { receiver in
            try await receiver.putCampaign("c9", #"{"status":"pending","type":"cpa","payout":"2.00","token":"abc"}"#)
            let patched = try await receiver.admin("PATCH", "/api/campaigns/c9", json: #"{"status":"paused"}"#)
            #expect(patched.status == 200)
            let body = try JSONBody(patched)
            #expect(body.string("status") == "paused")
            #expect(body.string("type") == "cpa")
            #expect(body.string("token") == "abc")
            #expect(
                body.string("postback_url")
                    == "https://clickwall.net/postback/advertiser?campaign_id=c9&click_id={click_id}&token=abc")
            let cleared = try JSONBody(
                try await receiver.admin("PATCH", "/api/campaigns/c9", json: #"{"token":null,"status":"rejected"}"#))
            #expect(cleared.isNull("token"))
            #expect(cleared.isNull("postback_url"))

            let missing = try await receiver.admin("PATCH", "/api/campaigns/nope", json: #"{"status":"active"}"#)
            #expect(missing.status == 404)
            #expect(try JSONBody(missing).keys == errorKeys)
        }
    }

    @Test("GET /api/campaigns lists every campaign by id")
    func list() async throws {
        try await withTestReceiver { receiver in
            try await receiver.putCampaign("b", #"{"payout":"1"}"#)
            try await receiver.putCampaign("a", #"{"payout":"1"}"#)
            let list = try JSONBody(try await receiver.admin("GET", "/api/campaigns"))
            let items = try #require(list.array)
            #expect(items.map { $0["id"] as? String } == ["a", "b"])
            #expect(items.allSatisfy { Set(($0.allKeys as? [String]) ?? []) == Self.campaignKeys })
        }
    }

    struct BadCampaign: Sendable, CustomTestStringConvertible {
        let path: String
        let json: String
        let field: String
        var testDescription: String { "\(field): \(json)" }
    }

    static let badCampaigns: [BadCampaign] = [
        BadCampaign(path: "bad%20id", json: #"{"payout":"1"}"#, field: "id"),
        BadCampaign(path: String(repeating: "x", count: 65), json: #"{"payout":"1"}"#, field: "id"),
        BadCampaign(path: "c1", json: #"{"id":"c2","payout":"1"}"#, field: "id"),
        BadCampaign(path: "c1", json: #"{"status":"live"}"#, field: "status"),
        BadCampaign(path: "c1", json: #"{"type":"cpm"}"#, field: "type"),
        BadCampaign(path: "c1", json: #"{"dedup":"txid"}"#, field: "dedup"),
        BadCampaign(path: "c1", json: #"{"payout":"1,20"}"#, field: "payout"),
        BadCampaign(path: "c1", json: #"{"payout":"-1"}"#, field: "payout"),
        BadCampaign(path: "c1", json: #"{"default_conversion_status":"ok"}"#, field: "default_conversion_status"),
        BadCampaign(path: "c1", json: #"{"conversion_window_days":0}"#, field: "conversion_window_days"),
        BadCampaign(path: "c1", json: #"{"events":{"install":"x"}}"#, field: "events"),
        BadCampaign(path: "c1", json: #"{"trackinglink":"https://t.example"}"#, field: "trackinglink"),
    ]

    @Test("bad campaign input gets 400 naming the field, and nothing is stored", arguments: badCampaigns)
    func badCampaign(_ bad: BadCampaign) async throws {
        try await withTestReceiver { receiver in
            let response = try await receiver.admin("PUT", "/api/campaigns/\(bad.path)", json: bad.json)
            #expect(response.status == 400)
            let body = try JSONBody(response)
            #expect(body.string("error") == "invalid_field")
            #expect(body.string("field") == bad.field)
            #expect(body.string("message")?.contains(bad.field) == true)
            #expect(try await receiver.running.store.campaigns().isEmpty)
        }
    }

    @Test("a body that is not JSON gets 400 invalid_json")
    func notJSON() async throws {
        try await withTestReceiver { receiver in
            let response = try await receiver.admin("PUT", "/api/campaigns/c1", json: "status=active")
            #expect(response.status == 400)
            #expect(try JSONBody(response).string("error") == "invalid_json")
        }
    }

    @Test("POST clicks with a count or with ids; a duplicate id is 409, an unknown campaign 404")
    func clicks() async throws {
        try await withTestReceiver { receiver in
            try await receiver.putCampaign("c1", #"{"payout":"1"}"#)
            let counted = try await receiver.admin("POST", "/api/campaigns/c1/clicks", json: #"{"count": 3}"#)
            #expect(counted.status == 201)
            let countedBody = try JSONBody(counted)
            #expect(countedBody.keys == ["click_ids"])
            #expect(Set((countedBody["click_ids"] as? [String]) ?? []).count == 3)

            let given = try await receiver.admin(
                "POST", "/api/campaigns/c1/clicks",
                json: #"{"click_ids":["x1","x2"],"created_at":"2025-01-31T12:00:00Z"}"#)
            #expect(given.status == 201)
            #expect(try JSONBody(given)["click_ids"] as? [String] == ["x1", "x2"])
            let click = try #require(try await receiver.running.store.click(id: "x1"))
            #expect(click.createdAt == Date(timeIntervalSince1970: 1_738_324_800))

            let duplicate = try await receiver.admin(
                "POST", "/api/campaigns/c1/clicks", json: #"{"click_ids":["x3","x1"]}"#)
            #expect(duplicate.status == 409)
            #expect(try JSONBody(duplicate).string("error") == "duplicate_click")
            #expect(try await receiver.running.store.click(id: "x3") == nil)

            let unknown = try await receiver.admin("POST", "/api/campaigns/zz/clicks", json: #"{"count": 1}"#)
            #expect(unknown.status == 404)
            for bad in [#"{"count": 0}"#, #"{"count": 1000001}"#, #"{}"#, #"{"count":1,"click_ids":["a"]}"#] {
                let response = try await receiver.admin("POST", "/api/campaigns/c1/clicks", json: bad)
                #expect(response.status == 400, "\(bad)")
            }
            let stats = try JSONBody(try await receiver.admin("GET", "/api/campaigns/c1/stats"))
            #expect(stats.int("clicks") == 5)
        }
    }

    @Test("stats of one campaign and of all, with the exact field names")
    func stats() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            _ = try await receiver.get("/postback/advertiser?campaign_id=c1&click_id=clk1")
            _ = try await receiver.get("/postback/advertiser?campaign_id=c1&click_id=nope")
            let stats = try JSONBody(try await receiver.admin("GET", "/api/campaigns/c1/stats"))
            #expect(stats.keys == Self.statsKeys)
            #expect(stats.string("campaign_id") == "c1")
            #expect(stats.int("clicks") == 2)
            #expect(stats.int("conversions") == 1)
            #expect(stats["rejected"] as? NSDictionary == ["unknown_click": 1] as NSDictionary)
            #expect(Decimal(string: stats.string("payout_total") ?? "") == Decimal(string: "1.2"))
            #expect((stats["conversion_rate"] as? NSNumber)?.doubleValue == 0.5)
            let byStatus = try #require(stats["conversions_by_status"] as? NSDictionary)
            #expect(Set((byStatus.allKeys as? [String]) ?? []) == ["approved", "pending", "declined"])

            let all = try JSONBody(try await receiver.admin("GET", "/api/stats"))
            let items = try #require(all.array)
            #expect(items.count == 7)
            #expect(items.allSatisfy { Set(($0.allKeys as? [String]) ?? []) == Self.statsKeys })
            #expect(try await receiver.admin("GET", "/api/campaigns/nope/stats").status == 404)
        }
    }

    @Test("the log keeps a POST's form body, where its parameters are; a GET has none")
    func logKeepsTheBody() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let form = "campaign_id=c1&click_id=clk1&event=install&payout=1.20"
            let answer = try await receiver.send(
                "POST", "/postback/advertiser",
                headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
                body: Array(form.utf8))
            #expect(answer.status == 200)
            _ = try await receiver.get("/postback/advertiser?campaign_id=c2&click_id=clk2")
            let log = try #require(try JSONBody(try await receiver.admin("GET", "/api/postbacks")).array)
            #expect(log.count == 2)
            #expect(log[1]["url"] as? String == "/postback/advertiser")
            #expect(log[1]["body"] as? String == form)
            #expect(log[0]["body"] is NSNull, "a GET has no body")
            let page = try await receiver.get("/?campaign=c1")
            #expect(page.bodyText.contains("body <code>\(form.replacingOccurrences(of: "&", with: "&amp;"))</code>"))
        }
    }

    @Test("the postback log, newest first, filtered by campaign, result, reason and limit")
    func postbackLog() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            _ = try await receiver.get("/postback/advertiser?campaign_id=c1&click_id=clk1")
            _ = try await receiver.get("/postback/advertiser?campaign_id=c1&click_id=nope")
            _ = try await receiver.get("/postback/advertiser?campaign_id=c2&click_id=clk2")
            let all = try #require(try JSONBody(try await receiver.admin("GET", "/api/postbacks")).array)
            #expect(all.count == 3)
            #expect(all.first?["campaign_id"] as? String == "c2")  // newest first
            for entry in all {
                #expect(Self.logKeys.isSubset(of: Set((entry.allKeys as? [String]) ?? [])))
            }
            let first = try #require(all.last)
            #expect(first["url"] as? String == "/postback/advertiser?campaign_id=c1&click_id=clk1")
            #expect(first["method"] as? String == "GET")
            #expect(first["source"] as? String == "127.0.0.1")
            #expect(first["click_id"] as? String == "clk1")
            #expect((first["received_at"] as? String)?.contains("T") == true)

            let c1 = try #require(try JSONBody(try await receiver.admin("GET", "/api/postbacks?campaign_id=c1")).array)
            #expect(c1.count == 2)
            let rejected = try #require(
                try JSONBody(try await receiver.admin("GET", "/api/postbacks?result=rejected&reason=unknown_click"))
                    .array)
            #expect(rejected.map { $0["click_id"] as? String } == ["nope"])
            let limited = try #require(try JSONBody(try await receiver.admin("GET", "/api/postbacks?limit=1")).array)
            #expect(limited.count == 1)
        }
    }

    @Test(
        "bad log filters get 400 naming the filter",
        arguments: [("result=won", "result"), ("reason=late", "reason"), ("limit=0", "limit"), ("limit=abc", "limit")])
    func badLogFilter(query: String, field: String) async throws {
        try await withTestReceiver { receiver in
            let response = try await receiver.admin("GET", "/api/postbacks?\(query)")
            #expect(response.status == 400)
            let body = try JSONBody(response)
            #expect(body.string("field") == field)
            #expect(body.string("message")?.contains(field) == true)
        }
    }
}
