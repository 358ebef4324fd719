import Foundation
import PostbackCore
import Testing

/// Where two rules could both apply, the earlier one decides (DESIGN §3: "the first that fails").
struct RuleOrderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var request: PostbackRequest
        var campaign: Campaign? = Fixture.campaign()
        var click: Click? = Fixture.click()
        var reason: RejectReason
        var status: Int? = nil
        var says: String? = nil
        var testDescription: String { label }
    }

    static let ok = "campaign_id=1234&click_id=abc123"

    static let cases: [Case] = [
        Case(
            label: "oversize + bad method → 414",
            request: Fixture.request(method: "PUT", query: "x=" + .init(repeating: "a", count: 9000)),
            reason: .malformedRequest, status: 414),
        Case(
            label: "bad method + missing click_id → malformed",
            request: Fixture.request(method: "DELETE", query: "campaign_id=1234"), reason: .malformedRequest,
            says: "method DELETE"),
        Case(
            label: "repeated param + missing click_id → malformed",
            request: Fixture.get("campaign_id=1234&campaign_id=1234"), reason: .malformedRequest,
            says: "'campaign_id' appears more than once"),
        Case(
            label: "NUL in an extra + missing click_id → malformed", request: Fixture.get("campaign_id=1234&x=%00"),
            reason: .malformedRequest),
        Case(
            label: "malformed + macro → malformed", request: Fixture.get("campaign_id=1234&click_id={click_id}&x=%FF"),
            reason: .malformedRequest),
        Case(
            label: "missing + macro → missing", request: Fixture.get("campaign_id={campaign_id}"),
            reason: .missingParameter),
        Case(
            label: "empty click_id + macro in payout → missing",
            request: Fixture.get("campaign_id=1234&click_id=&payout={payout}"),
            reason: .missingParameter),
        Case(
            label: "macro in campaign_id and click_id → campaign_id named",
            request: Fixture.get("click_id={click_id}&campaign_id={campaign_id}"), reason: .unsubstitutedMacro,
            says: "campaign_id holds"),
        Case(
            label: "macro + unknown campaign → macro", request: Fixture.get("campaign_id=1234&click_id={click_id}"),
            campaign: nil, click: nil, reason: .unsubstitutedMacro),
        Case(
            label: "unknown campaign + unknown click → unknown campaign", request: Fixture.get(ok), campaign: nil,
            click: nil, reason: .unknownCampaign),
        Case(
            label: "bad token + paused → invalid_token", request: Fixture.get(ok + "&token=bad"),
            campaign: Fixture.campaign(status: .paused, token: "good"), reason: .invalidToken),
        Case(
            label: "bad token + pending → invalid_token", request: Fixture.get(ok),
            campaign: Fixture.campaign(status: .pending, token: "good"), reason: .invalidToken),
        Case(
            label: "pending + unknown click → not approved", request: Fixture.get(ok),
            campaign: Fixture.campaign(status: .pending), click: nil, reason: .campaignNotApproved),
        Case(
            label: "rejected + expired → not approved", request: Fixture.get(ok),
            campaign: Fixture.campaign(status: .rejected), click: Fixture.click(ageDays: 90),
            reason: .campaignNotApproved),
        Case(
            label: "paused + unknown click → inactive", request: Fixture.get(ok),
            campaign: Fixture.campaign(status: .paused), click: nil, reason: .campaignInactive),
        Case(
            label: "approved + mismatch → inactive", request: Fixture.get(ok),
            campaign: Fixture.campaign(status: .approved), click: Fixture.click(campaign: "9"),
            reason: .campaignInactive),
        Case(
            label: "unknown click + missing event → unknown click", request: Fixture.get(ok),
            campaign: Fixture.campaign(events: ["install": "1"]), click: nil, reason: .unknownClick),
        Case(
            label: "mismatch + expired → mismatch", request: Fixture.get(ok),
            click: Fixture.click(campaign: "5678", ageDays: 60), reason: .campaignMismatch),
        Case(
            label: "expired + missing event → expired", request: Fixture.get(ok),
            campaign: Fixture.campaign(events: ["install": "1"]), click: Fixture.click(ageDays: 60),
            reason: .clickExpired),
        Case(
            label: "missing event + bad payout → missing", request: Fixture.get(ok + "&payout=1,5"),
            campaign: Fixture.campaign(events: ["install": "1"]), reason: .missingParameter, says: "event"),
        Case(
            label: "missing amount + bad payout → missing", request: Fixture.get(ok + "&payout=abc"),
            campaign: Fixture.campaign(type: .cps), reason: .missingParameter, says: "amount"),
        Case(
            label: "missing txid + bad status → missing", request: Fixture.get(ok + "&status=ok"),
            campaign: Fixture.campaign(dedup: .clickTxid), reason: .missingParameter, says: "txid"),
        Case(
            label: "missing event + missing amount → event first", request: Fixture.get(ok),
            campaign: Fixture.campaign(type: .cps, events: ["sale": "1"]), reason: .missingParameter,
            says: "event is missing"),
        Case(
            label: "bad payout + unknown event → invalid_parameter", request: Fixture.get(ok + "&payout=x&event=nope"),
            campaign: Fixture.campaign(events: ["install": "1"]), reason: .invalidParameter, says: "payout"),
        Case(
            label: "bad currency + unknown event → invalid_parameter",
            request: Fixture.get(ok + "&currency=eur&event=nope"),
            campaign: Fixture.campaign(events: ["install": "1"]), reason: .invalidParameter, says: "currency"),
        Case(
            label: "bad payout + bad status → payout first", request: Fixture.get(ok + "&status=x&payout=y"),
            reason: .invalidParameter, says: "payout 'y'"),
    ]

    @Test(arguments: cases)
    func firstFailingRuleDecides(_ item: Case) throws {
        let rejection = try #require(Fixture.judge(item.request, campaign: item.campaign, click: item.click).failure)
        #expect(rejection.reason == item.reason, "\(rejection.message)")
        if let status = item.status { #expect(rejection.httpStatus == status) }
        if let says = item.says { #expect(rejection.message.contains(says), "\(rejection.message)") }
    }

    @Test func expiryBoundaryIsInclusive() {
        let atEdge = Fixture.judge(Self.ok, campaign: Fixture.campaign(window: 7), click: Fixture.click(ageDays: 7))
        #expect(atEdge.success != nil)
        let campaign = Fixture.campaign(window: 7)
        let click = Click(
            id: "abc123", campaignID: "1234", createdAt: Fixture.now.addingTimeInterval(-7 * Fixture.day - 1))
        #expect(Fixture.judge(Self.ok, campaign: campaign, click: click).failure?.reason == .clickExpired)
    }

    @Test func clockIsTheNowParameter() throws {
        let parsed = try Fixture.rules.parse(Fixture.get(Self.ok)).get()
        let click = Click(id: "abc123", campaignID: "1234", createdAt: Fixture.now)
        let later = Fixture.now.addingTimeInterval(31 * Fixture.day)
        let inTime = Fixture.rules.evaluate(parsed, campaign: Fixture.campaign(), click: click, now: Fixture.now)
        let late = Fixture.rules.evaluate(parsed, campaign: Fixture.campaign(), click: click, now: later)
        #expect(inTime.success != nil)
        #expect(late.failure?.reason == .clickExpired)
    }
}
