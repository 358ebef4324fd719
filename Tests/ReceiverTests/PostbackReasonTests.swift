import Curl
import Foundation
import PostbackTesting
import Testing

/// Every reason of DESIGN §3, reached through a real request over libcurl.
@Suite(.timeLimit(.minutes(1)))
struct PostbackReasonTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let query: String
        let reason: String
        let status: Int
        /// A fragment the message must contain (the hint), if any.
        let hint: String?
        /// The campaign whose `rejected` count must go up, if the rejection counts for one.
        let countedFor: String?

        var testDescription: String { "\(reason) ← ?\(query.prefix(60))" }
    }

    static let cases: [Case] = [
        // 1: well-formed
        Case(
            query: "campaign_id=c1&click_id=clk1&click_id=clk1", reason: "malformed_request", status: 400,
            hint: "click_id", countedFor: "c1"),
        Case(
            query: "campaign_id=c1&click_id=%FF%FE", reason: "malformed_request", status: 400, hint: nil,
            countedFor: "c1"),
        Case(
            query: "campaign_id=c1&click_id=a%00b", reason: "malformed_request", status: 400, hint: nil,
            countedFor: "c1"),
        Case(
            query: "campaign_id=c1&click_id=clk1&pad=" + String(repeating: "x", count: 9_000),
            reason: "malformed_request", status: 414, hint: nil, countedFor: nil),
        // 2: required parameters, with the near-miss hint
        Case(query: "campaign_id=c1", reason: "missing_parameter", status: 400, hint: "click_id", countedFor: "c1"),
        Case(
            query: "campaign_id=c1&clickid=clk1", reason: "missing_parameter", status: 400, hint: "click_id",
            countedFor: "c1"),
        Case(query: "click_id=clk1", reason: "missing_parameter", status: 400, hint: "campaign_id", countedFor: nil),
        // 3: macros left in
        Case(
            query: "campaign_id=c1&click_id={click_id}", reason: "unsubstituted_macro", status: 400,
            hint: "{click_id}", countedFor: "c1"),
        Case(
            query: "campaign_id=c1&click_id=%7Bclickid%7D", reason: "unsubstituted_macro", status: 400, hint: nil,
            countedFor: "c1"),
        Case(
            query: "campaign_id=c1&click_id=clk1&payout=%25PAYOUT%25", reason: "unsubstituted_macro", status: 400,
            hint: "PAYOUT", countedFor: "c1"),
        // 4–10
        Case(
            query: "campaign_id=nope&click_id=clk1", reason: "unknown_campaign", status: 404, hint: "nope",
            countedFor: nil),
        Case(
            query: "campaign_id=tok&click_id=clktok&token=wrong", reason: "invalid_token", status: 403, hint: nil,
            countedFor: "tok"),
        Case(
            query: "campaign_id=tok&click_id=clktok", reason: "invalid_token", status: 403, hint: nil, countedFor: "tok"
        ),
        Case(
            query: "campaign_id=pend&click_id=clkp", reason: "campaign_not_approved", status: 403, hint: nil,
            countedFor: "pend"),
        Case(
            query: "campaign_id=appr&click_id=clka", reason: "campaign_inactive", status: 403, hint: nil,
            countedFor: "appr"),
        Case(
            query: "campaign_id=c1&click_id=neverissued", reason: "unknown_click", status: 404, hint: nil,
            countedFor: "c1"),
        Case(
            query: "campaign_id=c1&click_id=clk2", reason: "campaign_mismatch", status: 409, hint: nil, countedFor: "c1"
        ),
        Case(
            query: "campaign_id=c1&click_id=clkold", reason: "click_expired", status: 410, hint: nil, countedFor: "c1"),
        // 11: what the campaign type requires
        Case(
            query: "campaign_id=multi&click_id=clkm", reason: "missing_parameter", status: 400, hint: "event",
            countedFor: "multi"),
        Case(
            query: "campaign_id=cps&click_id=clks", reason: "missing_parameter", status: 400, hint: "amount",
            countedFor: "cps"),
        // 12: values
        Case(
            query: "campaign_id=c1&click_id=clk1&payout=1,20", reason: "invalid_parameter", status: 400, hint: "payout",
            countedFor: "c1"),
        Case(
            query: "campaign_id=c1&click_id=clk1&status=done", reason: "invalid_parameter", status: 400, hint: "status",
            countedFor: "c1"),
        Case(
            query: "campaign_id=c1&click_id=clk1&currency=EURO", reason: "invalid_parameter", status: 400,
            hint: "currency", countedFor: "c1"),
        Case(
            query: "campaign_id=multi&click_id=clkm&event=signup", reason: "unknown_event", status: 400, hint: "signup",
            countedFor: "multi"),
    ]

    @Test("a rejected postback answers its reason, HTTP code and hint", arguments: cases)
    func rejection(_ testCase: Case) async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let response = try await receiver.get("/postback/advertiser?" + testCase.query)
            #expect(response.status == testCase.status)
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
            let body = try JSONBody(response)
            #expect(body.keys == verdictKeys)
            #expect(body.string("result") == "rejected")
            #expect(body.string("reason") == testCase.reason)
            #expect(body.isNull("conversion_id"))
            let message = try #require(body.string("message"))
            #expect(!message.isEmpty)
            if let hint = testCase.hint {
                #expect(message.contains(hint), "message: \(message)")
            }
            if let campaign = testCase.countedFor {
                let stats = try JSONBody(try await receiver.admin("GET", "/api/campaigns/\(campaign)/stats"))
                let rejected = stats["rejected"] as? NSDictionary
                #expect((rejected?[testCase.reason] as? NSNumber)?.intValue == 1, "stats: \(stats.value)")
                #expect(stats.int("conversions") == 0)
            }
            let log = try JSONBody(try await receiver.admin("GET", "/api/postbacks?limit=5"))
            #expect(log.array?.first?["reason"] as? String == testCase.reason)
            try await receiver.expectServing()
        }
    }
}
