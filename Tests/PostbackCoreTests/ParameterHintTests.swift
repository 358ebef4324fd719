import PostbackCore
import Testing

/// Missing-parameter messages point at what the request has instead.
struct ParameterHintTests {
    @Test(arguments: [
        (
            "campaign_id=1234&clickid=abc",
            "missing click_id; the request has 'clickid' — did you mean click_id? Parameter names are exact and case-sensitive."
        ),
        ("campaign_id=1234&Click_ID=abc", "the request has 'Click_ID' — did you mean click_id?"),
        ("campaign_id=1234&click-id=abc", "the request has 'click-id' — did you mean click_id?"),
        ("campaign_id=1234&ClickID=abc", "the request has 'ClickID' — did you mean click_id?"),
        ("campaign_id=1234&%20click_id=abc", "the request has ' click_id' — did you mean click_id?"),
        ("campaign_id=1234&click_id%20=abc", "the request has 'click_id ' — did you mean click_id?"),
        ("campaign_id=1234&clik_id=abc", "the request has 'clik_id' — did you mean click_id?"),
        ("campaign_id=1234&cilck_id=abc", "the request has 'cilck_id' — did you mean click_id?"),
        (
            "campaign_id=1234&amp;click_id=abc",
            "missing click_id; the request has 'amp;click_id': the URL was copied from an HTML page, replace '&amp;' with '&'."
        ),
        ("campaign_id=1234&amp%3Bclick_id=abc", "the request has 'amp;click_id': the URL was copied from an HTML page"),
        (
            "campaign_id=1234&amp%253Bclick_id=abc",
            "the request has 'amp%3Bclick_id': the URL was copied from an HTML page"
        ),
        ("campaign_id=1234&amp;amp;click_id=abc", "the request has 'amp;amp;click_id': the URL was copied"),
        ("campaign_id=1234&%23038;click_id=abc", "the request has '#038;click_id': the URL was copied"),
        ("campaign_id=1234&%7Bclickid%7D=click_id", "name and macro are swapped: write click_id={clickid}."),
        ("campaign_id=1234&aff_sub=abc", "the request has 'aff_sub', the name other networks use for it"),
        (
            "campaignid=1234&click_id=abc",
            "missing campaign_id; the request has 'campaignid' — did you mean campaign_id?"
        ),
        ("amp;campaign_id=1234&click_id=abc", "missing campaign_id; the request has 'amp;campaign_id'"),
        ("offer_id=1234&click_id=abc", "the request has 'offer_id', the name other networks use for it"),
        ("clickid=abc", "missing campaign_id and click_id; the request has 'clickid' — did you mean click_id?"),
        ("campaign_id=1234&click_id=&clickid=abc", "click_id is empty — the tracker had no click id"),
        ("campaign_id=1234&click_id=&clickid=abc", "the request has 'clickid' — did you mean click_id?"),
        ("campaign_id=1234&sub1=abc", "missing click_id: the postback URL must carry campaign_id and click_id"),
    ])
    func rule2Hints(query: String, says: String) throws {
        let rejection = try #require(Fixture.rules.parse(Fixture.get(query)).failure)
        #expect(rejection.reason == .missingParameter)
        #expect(rejection.message.contains(says), "\(rejection.message)")
    }

    @Test func entityBeatsNearMiss() throws {
        let hint = try #require(
            ParameterHint.forMissing(
                "click_id", in: [.init(name: "ClickId", value: "a"), .init(name: "amp;click_id", value: "b")]))
        #expect(hint.kind == .htmlEntity)
        #expect(hint.found == "amp;click_id")
    }

    @Test(arguments: ["sub1", "clickthrough", "idfa", "cid2", "click_idx_y_z"])
    func unrelatedNamesGiveNoHint(name: String) {
        #expect(ParameterHint.forMissing("click_id", in: [.init(name: name, value: "x")]) == nil)
    }

    @Test(arguments: [
        ("Payout", "payout"), ("amp;event", "event"), ("TXID", "txid"), ("cur-rency", "currency"),
    ])
    func intendedName(name: String, intended: String) {
        #expect(ParameterHint.intendedName(for: name) == intended)
    }

    @Test func exactNameHasNoIntendedName() {
        #expect(ParameterHint.intendedName(for: "payout") == nil)
        #expect(ParameterHint.intendedName(for: "sub1") == nil)
    }

    @Test(arguments: [
        ("amp;event=install", Fixture.campaign(events: ["install": "1"]), "event is missing", "'amp;event'"),
        ("Event=install", Fixture.campaign(events: ["install": "1"]), "event is missing", "did you mean event?"),
        ("revenue=9.99", Fixture.campaign(type: .cps), "amount is missing", "'revenue', the name other networks"),
        ("transaction_id=t1", Fixture.campaign(dedup: .clickTxid), "txid is missing", "'transaction_id'"),
        ("Token=s3", Fixture.campaign(token: "s3"), "token is missing", "did you mean token?"),
    ])
    func laterRulesHintToo(extra: String, campaign: Campaign, missing: String, hint: String) throws {
        let rejection = try #require(
            Fixture.judge("campaign_id=1234&click_id=abc123&\(extra)", campaign: campaign, click: Fixture.click())
                .failure)
        #expect(rejection.message.contains(missing), "\(rejection.message)")
        #expect(rejection.message.contains(hint), "\(rejection.message)")
    }
}
