import Foundation
import PostbackCore
import Testing

/// `Rejection.campaignID` / `clickID` are set exactly when that parameter itself parsed cleanly,
/// whatever rule rejected the request (DESIGN §3, "Statistics").
struct RejectionIdentityTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var request: PostbackRequest
        var campaignID: String?
        var clickID: String?
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "clean, rejected for an extra", request: Fixture.get("campaign_id=1234&x=%00"), campaignID: "1234"),
        Case(
            label: "method rejected, ids clean",
            request: Fixture.request(method: "PUT", query: "campaign_id=1234&click_id=ab"),
            campaignID: "1234", clickID: "ab"),
        Case(
            label: "414, ids clean",
            request: Fixture.get("campaign_id=1234&click_id=ab&pad=" + String(repeating: "p", count: 9000)),
            campaignID: "1234", clickID: "ab"),
        Case(
            label: "JSON body, ids in the query",
            request: Fixture.post(query: "campaign_id=77", body: "{}", contentType: "application/json"),
            campaignID: "77"),
        Case(
            label: "GET with body", request: Fixture.request(method: "GET", query: "campaign_id=5", body: [1]),
            campaignID: "5"),
        Case(
            label: "ids in a form body, click_id missing", request: Fixture.post(body: "campaign_id=1234&clickid=x"),
            campaignID: "1234"),
        Case(
            label: "campaign_id repeated", request: Fixture.get("campaign_id=1&campaign_id=1&click_id=c"), clickID: "c"),
        Case(
            label: "campaign_id repeated with different values",
            request: Fixture.get("campaign_id=1&click_id=c&campaign_id=2"),
            clickID: "c"),
        Case(label: "campaign_id invalid UTF-8", request: Fixture.get("campaign_id=%FF&click_id=c"), clickID: "c"),
        Case(label: "campaign_id with NUL", request: Fixture.get("campaign_id=12%0034&click_id=c"), clickID: "c"),
        Case(label: "campaign_id empty", request: Fixture.get("campaign_id=&click_id=c"), clickID: "c"),
        Case(label: "campaign_id without =", request: Fixture.get("campaign_id&click_id=c"), clickID: "c"),
        Case(
            label: "click_id with a control byte", request: Fixture.get("campaign_id=9&click_id=a%1Fb"), campaignID: "9"
        ),
        Case(label: "click_id repeated", request: Fixture.get("click_id=a&campaign_id=9&click_id=a"), campaignID: "9"),
        Case(
            label: "macro in campaign_id is still the parameter's value",
            request: Fixture.get("campaign_id=%7Bcampaign_id%7D&click_id=c"), campaignID: "{campaign_id}", clickID: "c"),
        Case(label: "Campaign_ID is not campaign_id", request: Fixture.get("Campaign_ID=1&click_id=c"), clickID: "c"),
    ]

    @Test(arguments: cases)
    func carriesCleanIdentifiers(_ item: Case) throws {
        let rejection = try #require(Fixture.rules.parse(item.request).failure)
        #expect(rejection.campaignID == item.campaignID)
        #expect(rejection.clickID == item.clickID)
    }

    @Test(arguments: [
        (Fixture.campaign(status: .paused), Fixture.click() as Click?),
        (Fixture.campaign(), nil),
        (Fixture.campaign(), Fixture.click(campaign: "77")),
    ])
    func evaluateRejectionsCarryBoth(campaign: Campaign, click: Click?) throws {
        let rejection = try #require(
            Fixture.judge("campaign_id=1234&click_id=abc123", campaign: campaign, click: click).failure)
        #expect(rejection.campaignID == "1234")
        #expect(rejection.clickID == "abc123")
    }
}
