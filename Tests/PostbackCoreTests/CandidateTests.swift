import Foundation
import PostbackCore
import Testing

/// What an accepted postback becomes: payout, status, dedup key, extras.
struct CandidateTests {
    static let base = "campaign_id=1234&click_id=abc123"

    @Test(
        arguments: [
            ("", nil, "1.20"),
            ("&payout=2.5", nil, "2.5"),
            ("&payout=", nil, "1.20"),
            ("&event=purchase", ["install": "0.5", "purchase": "7"], "7"),
            ("&event=install&payout=3", ["install": "0.5"], "3"),
            ("&event=install", ["install": "0.5"], "0.5"),
            ("&event=anything", nil, "1.20"),
            ("&payout=0", ["install": "0.5"] as [String: String]?, "0"),
        ] as [(String, [String: String]?, String)])
    func payoutResolution(extra: String, events: [String: String]?, payout: String) throws {
        var query = Self.base + extra
        if events != nil, !extra.contains("event=") { query += "&event=install" }
        let candidate = try Fixture.judge(query, campaign: Fixture.campaign(events: events), click: Fixture.click())
            .get()
        #expect(candidate.payout == Money(payout))
    }

    @Test(arguments: [
        (DedupMode.clickEvent, "&event=install", "abc123\u{1F}install" as String?),
        (.clickEvent, "", "abc123\u{1F}"),
        (.clickTxid, "&txid=T-9&event=install", "abc123\u{1F}T-9"),
        (.none, "&event=install&txid=T-9", nil),
    ])
    func dedupKeyPerMode(mode: DedupMode, extra: String, key: String?) throws {
        let candidate = try Fixture.judge(
            Self.base + extra, campaign: Fixture.campaign(dedup: mode), click: Fixture.click()
        ).get()
        #expect(candidate.dedupKey == key)
    }

    @Test(arguments: [
        ("", ConversionStatus.approved, ConversionStatus.approved, false),
        ("", .pending, .pending, false),
        ("&status=", .pending, .pending, false),
        ("&status=declined", .approved, .declined, true),
        ("&status=approved", .approved, .approved, true),
        ("&status=pending", .approved, .pending, true),
    ])
    func status(extra: String, defaultStatus: ConversionStatus, status: ConversionStatus, given: Bool) throws {
        let candidate = try Fixture.judge(
            Self.base + extra, campaign: Fixture.campaign(defaultStatus: defaultStatus), click: Fixture.click()
        ).get()
        #expect(candidate.status == status)
        #expect(candidate.statusGiven == given)
    }

    @Test func fullCandidate() throws {
        let query =
            "sub1=a&campaign_id=1234&click_id=abc123&token=t0k&event=sale&amount=19.990&currency=EUR&txid=T1&sub2=b"
        let campaign = Fixture.campaign(type: .cps, events: ["sale": "2"], token: "t0k")
        let candidate = try Fixture.judge(query, campaign: campaign, click: Fixture.click()).get()
        #expect(candidate.campaignID == "1234")
        #expect(candidate.clickID == "abc123")
        #expect(candidate.event == "sale")
        #expect(candidate.amount == Money("19.99"))
        #expect(candidate.currency == "EUR")
        #expect(candidate.txid == "T1")
        #expect(candidate.payout == Money("2"))
        #expect(candidate.extraParameters == [.init(name: "sub1", value: "a"), .init(name: "sub2", value: "b")])
        #expect(candidate.warnings.isEmpty)
    }

    @Test func campaignWithoutEventsAcceptsAnyEventOrNone() throws {
        let campaign = Fixture.campaign()
        #expect(
            try Fixture.judge(Self.base + "&event=whatever", campaign: campaign, click: Fixture.click()).get().event
                == "whatever")
        #expect(try Fixture.judge(Self.base, campaign: campaign, click: Fixture.click()).get().event == nil)
        let emptyEvents = Fixture.campaign(events: [:])
        #expect(
            try Fixture.judge(Self.base + "&event=x", campaign: emptyEvents, click: Fixture.click()).get().event == "x")
    }

    @Test func tokenIsOnlyCheckedWhenTheCampaignHasOne() throws {
        let candidate = try Fixture.judge(
            Self.base + "&token=any", campaign: Fixture.campaign(), click: Fixture.click()
        )
        .get()
        #expect(candidate.extraParameters.isEmpty)
    }

    @Test func usedParametersAreNotExtras() throws {
        let query = Self.base + "&token=a&event=e&payout=1&amount=2&currency=USD&status=approved&txid=t&x=1"
        let candidate = try Fixture.judge(query, campaign: Fixture.campaign(), click: Fixture.click()).get()
        #expect(candidate.extraParameters == [.init(name: "x", value: "1")])
    }

    @Test func evaluateAcceptsAHandBuiltPostback() throws {
        let postback = ParsedPostback(
            campaignID: "1234", clickID: "abc123", parameters: [.init(name: "event", value: "install")],
            warnings: ["w"])
        let candidate = try Fixture.rules.evaluate(
            postback, campaign: Fixture.campaign(), click: Fixture.click(), now: Fixture.now
        ).get()
        #expect(candidate.event == "install")
        #expect(candidate.warnings == ["w"])
    }
}
