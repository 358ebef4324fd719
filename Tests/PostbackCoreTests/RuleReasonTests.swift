import Foundation
import PostbackCore
import Testing

/// Every reason of DESIGN §3 reached, with its HTTP status and a message naming what was seen.
struct RuleReasonTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var request: PostbackRequest
        var campaign: Campaign? = Fixture.campaign()
        var click: Click? = Fixture.click()
        var reason: RejectReason
        var status: Int
        var says: [String]
        var testDescription: String { label }
    }

    static let ok = "campaign_id=1234&click_id=abc123"
    static let long = String(repeating: "a", count: 9000)

    static let cases: [Case] = [
        // Rule 1.
        Case(
            label: "method PUT", request: Fixture.request(method: "PUT", query: ok), reason: .malformedRequest,
            status: 405, says: ["method PUT", "GET"]),
        Case(
            label: "GET with a body", request: Fixture.request(method: "GET", query: ok, body: Array("x=1".utf8)),
            reason: .malformedRequest, status: 400, says: ["GET must not carry a body"]),
        Case(
            label: "POST with JSON",
            request: Fixture.post(body: #"{"campaign_id":"1234"}"#, contentType: "application/json; charset=utf-8"),
            reason: .malformedRequest, status: 400,
            says: ["expects a form body (application/x-www-form-urlencoded), got application/json"]),
        Case(
            label: "POST body without Content-Type", request: Fixture.post(body: ok, contentType: nil),
            reason: .malformedRequest, status: 400, says: ["without Content-Type"]),
        Case(
            label: "URL over 8 KiB", request: Fixture.get(ok + "&pad=" + long), reason: .malformedRequest,
            status: 414, says: ["8192-byte limit"]),
        Case(
            label: "body over 8 KiB", request: Fixture.post(body: ok + "&pad=" + long), reason: .malformedRequest,
            status: 413, says: ["8192-byte limit"]),
        Case(
            label: "invalid UTF-8 after decoding", request: Fixture.get(ok + "&sub1=%C3%28"),
            reason: .malformedRequest, status: 400, says: ["'sub1'", "not valid UTF-8", "%C3%28"]),
        Case(
            label: "invalid UTF-8 raw in a form body",
            request: PostbackRequest(
                method: "POST", target: "/postback/advertiser", contentType: "application/x-www-form-urlencoded",
                body: Array(ok.utf8) + Array("&sub1=".utf8) + [0xFF], receivedAt: Fixture.now),
            reason: .malformedRequest, status: 400, says: ["'sub1'", "not valid UTF-8"]),
        Case(
            label: "NUL byte", request: Fixture.get(ok + "&sub1=a%00b"), reason: .malformedRequest, status: 400,
            says: ["'sub1'", "NUL byte (%00)"]),
        Case(
            label: "line feed", request: Fixture.get("campaign_id=1234&click_id=abc%0A123"),
            reason: .malformedRequest, status: 400, says: ["'click_id'", "control byte (%0A)"]),
        Case(
            label: "DEL byte", request: Fixture.get(ok + "&sub1=%7F"), reason: .malformedRequest, status: 400,
            says: ["control byte (%7F)"]),
        Case(
            label: "control byte in a name", request: Fixture.get(ok + "&su%09b=1"), reason: .malformedRequest,
            status: 400, says: ["parameter name ('su%09b')", "control byte (%09)"]),
        Case(
            label: "invalid UTF-8 in a name", request: Fixture.get(ok + "&%FF=1"), reason: .malformedRequest,
            status: 400, says: ["parameter name ('%FF')", "not valid UTF-8"]),
        Case(
            label: "repeated parameter", request: Fixture.get(ok + "&click_id=abc123"), reason: .malformedRequest,
            status: 400, says: ["'click_id' appears more than once"]),
        Case(
            label: "repeated across query and body",
            request: Fixture.post(query: "campaign_id=1234", body: "campaign_id=1234&click_id=abc123"),
            reason: .malformedRequest, status: 400,
            says: ["'campaign_id' appears in both the query string and the form body"]),
        // Rule 2.
        Case(
            label: "no click_id", request: Fixture.get("campaign_id=1234"), reason: .missingParameter, status: 400,
            says: ["missing click_id"]),
        Case(
            label: "no campaign_id", request: Fixture.get("click_id=abc123"), reason: .missingParameter, status: 400,
            says: ["missing campaign_id"]),
        Case(
            label: "neither", request: Fixture.get("event=install"), reason: .missingParameter, status: 400,
            says: ["missing campaign_id and click_id"]),
        Case(
            label: "empty click_id", request: Fixture.get("campaign_id=1234&click_id="), reason: .missingParameter,
            status: 400,
            says: ["click_id is empty — the tracker had no click id (organic install?) or the macro filled nothing"]),
        Case(
            label: "click_id without =", request: Fixture.get("campaign_id=1234&click_id"), reason: .missingParameter,
            status: 400, says: ["click_id is empty"]),
        Case(
            label: "empty campaign_id", request: Fixture.get("campaign_id=&click_id=abc123"),
            reason: .missingParameter, status: 400, says: ["campaign_id is empty"]),
        // Rule 3.
        Case(
            label: "macro in click_id", request: Fixture.get("campaign_id=1234&click_id={click_id}"),
            reason: .unsubstitutedMacro, status: 400,
            says: ["click_id holds the unsubstituted macro '{click_id}'", "ClickWall's own placeholder"]),
        Case(
            label: "macro in payout", request: Fixture.get(ok + "&payout=%23price%23"), reason: .unsubstitutedMacro,
            status: 400, says: ["payout holds the unsubstituted macro '#price#'"]),
        // Rule 4.
        Case(
            label: "unknown campaign", request: Fixture.get(ok), campaign: nil, reason: .unknownCampaign,
            status: 404, says: ["campaign '1234' does not exist"]),
        // Rule 5.
        Case(
            label: "wrong token", request: Fixture.get(ok + "&token=nope"), campaign: Fixture.campaign(token: "s3cret"),
            reason: .invalidToken, status: 403, says: ["token does not match campaign 1234's token"]),
        Case(
            label: "missing token", request: Fixture.get(ok), campaign: Fixture.campaign(token: "s3cret"),
            reason: .invalidToken, status: 403, says: ["token is missing"]),
        // Rules 6 and 7.
        Case(
            label: "pending", request: Fixture.get(ok), campaign: Fixture.campaign(status: .pending),
            reason: .campaignNotApproved, status: 403,
            says: ["campaign 1234 is pending: postbacks count only once it is approved and active"]),
        Case(
            label: "rejected", request: Fixture.get(ok), campaign: Fixture.campaign(status: .rejected),
            reason: .campaignNotApproved, status: 403, says: ["campaign 1234 is rejected"]),
        Case(
            label: "approved, not started", request: Fixture.get(ok), campaign: Fixture.campaign(status: .approved),
            reason: .campaignInactive, status: 403, says: ["campaign 1234 is approved but not started"]),
        Case(
            label: "paused", request: Fixture.get(ok), campaign: Fixture.campaign(status: .paused),
            reason: .campaignInactive, status: 403, says: ["campaign 1234 is paused"]),
        // Rules 8–10.
        Case(
            label: "unknown click", request: Fixture.get(ok), click: nil, reason: .unknownClick, status: 404,
            says: ["click_id 'abc123' was never issued"]),
        Case(
            label: "click of another campaign", request: Fixture.get(ok), click: Fixture.click(campaign: "5678"),
            reason: .campaignMismatch, status: 409, says: ["belongs to campaign 5678, not 1234"]),
        Case(
            label: "click expired", request: Fixture.get(ok), click: Fixture.click(ageDays: 31.5),
            reason: .clickExpired, status: 410, says: ["issued 31 days ago", "30-day conversion window"]),
        Case(
            label: "click expired on the day", request: Fixture.get(ok), click: Fixture.click(ageDays: 30.2),
            reason: .clickExpired, status: 410, says: ["issued more than 30 days ago"]),
        // Rule 11.
        Case(
            label: "multi-event without event", request: Fixture.get(ok),
            campaign: Fixture.campaign(events: ["install": "1", "purchase": "5"]), reason: .missingParameter,
            status: 400, says: ["event is missing", "install and purchase"]),
        Case(
            label: "multi-event with empty event", request: Fixture.get(ok + "&event="),
            campaign: Fixture.campaign(events: ["install": "1"]), reason: .missingParameter, status: 400,
            says: ["event is missing"]),
        Case(
            label: "cps without amount", request: Fixture.get(ok), campaign: Fixture.campaign(type: .cps),
            reason: .missingParameter, status: 400, says: ["amount is missing", "cps"]),
        Case(
            label: "click_txid without txid", request: Fixture.get(ok), campaign: Fixture.campaign(dedup: .clickTxid),
            reason: .missingParameter, status: 400, says: ["txid is missing"]),
        // Rule 12.
        Case(
            label: "payout with a comma", request: Fixture.get(ok + "&payout=1,20"), reason: .invalidParameter,
            status: 400, says: ["payout '1,20' is not a decimal amount", "comma", "1.20"]),
        Case(
            label: "negative payout", request: Fixture.get(ok + "&payout=-1"), reason: .invalidParameter,
            status: 400, says: ["payout '-1'", "negative"]),
        Case(
            label: "payout with a currency sign", request: Fixture.get(ok + "&payout=$1.20"),
            reason: .invalidParameter, status: 400, says: ["payout '$1.20'", "number only"]),
        Case(
            label: "payout in exponent form", request: Fixture.get(ok + "&payout=1e3"), reason: .invalidParameter,
            status: 400, says: ["payout '1e3'"]),
        Case(
            label: "amount not a number", request: Fixture.get(ok + "&amount=abc"),
            campaign: Fixture.campaign(type: .cps), reason: .invalidParameter, status: 400, says: ["amount 'abc'"]),
        Case(
            label: "status upper-case", request: Fixture.get(ok + "&status=APPROVED"), reason: .invalidParameter,
            status: 400, says: ["status 'APPROVED'", "write approved"]),
        Case(
            label: "status rejected", request: Fixture.get(ok + "&status=rejected"), reason: .invalidParameter,
            status: 400, says: ["status 'rejected'", "declined"]),
        Case(
            label: "status unknown", request: Fixture.get(ok + "&status=done"), reason: .invalidParameter,
            status: 400, says: ["pending, approved or declined"]),
        Case(
            label: "currency lower-case", request: Fixture.get(ok + "&currency=usd"), reason: .invalidParameter,
            status: 400, says: ["currency 'usd' is not an ISO 4217 code", "write USD"]),
        Case(
            label: "currency unknown", request: Fixture.get(ok + "&currency=XYZ"), reason: .invalidParameter,
            status: 400, says: ["currency 'XYZ'"]),
        Case(
            label: "currency withdrawn", request: Fixture.get(ok + "&currency=HRK"), reason: .invalidParameter,
            status: 400, says: ["currency 'HRK'"]),
        Case(
            label: "unknown event", request: Fixture.get(ok + "&event=signup"),
            campaign: Fixture.campaign(events: ["install": "1", "purchase": "5"]), reason: .unknownEvent,
            status: 400, says: ["event 'signup' is not one of campaign 1234's events (install and purchase)"]),
        Case(
            label: "event in the wrong case", request: Fixture.get(ok + "&event=Purchase"),
            campaign: Fixture.campaign(events: ["install": "1", "purchase": "5"]), reason: .unknownEvent,
            status: 400, says: ["did you mean purchase?"]),
    ]

    @Test(arguments: cases)
    func rejects(_ item: Case) throws {
        let rejection = try #require(Fixture.judge(item.request, campaign: item.campaign, click: item.click).failure)
        #expect(rejection.reason == item.reason)
        #expect(rejection.httpStatus == item.status)
        for text in item.says {
            #expect(rejection.message.contains(text), "\(rejection.message)")
        }
        #expect(!rejection.message.isEmpty && !rejection.message.contains("\n"))
    }

    @Test func everyReasonIsCovered() {
        let reached = Set(Self.cases.map(\.reason))
        #expect(reached == Set(RejectReason.allCases))
        #expect(Set(Self.cases.map(\.status)).isSuperset(of: [400, 403, 404, 409, 410, 413, 414]))
    }

    @Test func verdictOfARejectionKeepsReasonAndStatus() throws {
        let rejection = try #require(Fixture.judge(Self.ok, campaign: nil, click: nil).failure)
        let verdict = Verdict.rejected(rejection)
        #expect(verdict.result == .rejected)
        #expect(verdict.reason == .unknownCampaign)
        #expect(verdict.httpStatus == 404)
        #expect(verdict.conversionID == nil)
    }
}
