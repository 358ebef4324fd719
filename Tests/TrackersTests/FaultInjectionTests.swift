import Testing
import Trackers

/// Each tracker-side injection, on the text it changes.
struct FaultInjectionTests {
    static let template = "https://clickwall.net/postback/advertiser?campaign_id=2001&click_id={clickid}&idfa=(idfa)"

    @Test(arguments: [
        (
            Fault.unsubstitutedMacro,
            "https://clickwall.net/postback/advertiser?campaign_id=2001&click_id={click_id}&idfa=(idfa)"
        ),
        (.wrongMacro, "https://clickwall.net/postback/advertiser?campaign_id=2001&click_id=(advertiserId)&idfa=(idfa)"),
        (.renamedParameter, "https://clickwall.net/postback/advertiser?campaign_id=2001&clickid={clickid}&idfa=(idfa)"),
        (.missingParameter, "https://clickwall.net/postback/advertiser?campaign_id=2001&idfa=(idfa)"),
        (.wrongCampaign, "https://clickwall.net/postback/advertiser?campaign_id=2002&click_id={clickid}&idfa=(idfa)"),
        (
            .htmlEscapedAmpersand,
            "https://clickwall.net/postback/advertiser?campaign_id=2001&amp;click_id={clickid}&amp;idfa=(idfa)"
        ),
        (
            .whitespaceInURL,
            "https://clickwall.net/postback/advertiser?campaign_id=2001&click_id=%20{clickid}&idfa=(idfa)"
        ),
        (
            .badPayout,
            "https://clickwall.net/postback/advertiser?campaign_id=2001&click_id={clickid}&idfa=(idfa)&payout=1,50"
        ),
        (.duplicate, template),
    ])
    func templateFaults(_ fault: Fault, _ expected: String) throws {
        let result = try fault.template(
            Self.template, profile: .appsFlyer, otherCampaignID: "2002", badPayout: "1,50")
        #expect(result == expected)
    }

    @Test func doubleEncodedEncodesTheClickIDTwice() {
        let url = "https://clickwall.net/postback/advertiser?campaign_id=1&click_id=ab1"
        #expect(
            Fault.doubleEncoded.filledURL(url)
                == "https://clickwall.net/postback/advertiser?campaign_id=1&click_id=%2561%2562%2531")
        #expect(Fault.duplicate.filledURL(url) == url)
    }

    @Test func trackingLinkFaults() {
        let link = "https://app.appsflyer.com/id1?pid=x&clickid=abc&c=y"
        let dropped = Fault.trackingLinkDropsClickID.trackingLink(link, profile: .appsFlyer)
        #expect(dropped == "https://app.appsflyer.com/id1?pid=x&c=y")
        #expect(TrackerProfile.appsFlyer.captureClickID(fromTrackingURL: dropped) == nil)

        let encoded =
            "https://app.adjust.com/t?install_callback=https%3A%2F%2Fclickwall.net%2Fp%3Fcampaign_id%3D1%26click_id%3Dabc"
        let unencoded = Fault.unencodedCallback.trackingLink(encoded, profile: .adjust)
        #expect(
            unencoded == "https://app.adjust.com/t?install_callback=https://clickwall.net/p?campaign_id=1&click_id=abc")
        let captured = TrackerProfile.adjust.capture(fromTrackingURL: unencoded)
        #expect(captured.callbacks == ["install_callback": "https://clickwall.net/p?campaign_id=1"])
        #expect(
            TrackerProfile.adjust.capture(fromTrackingURL: encoded).callbacks["install_callback"]
                == "https://clickwall.net/p?campaign_id=1&click_id=abc")
    }

    @Test func capturedClickFaults() {
        let click = CapturedClick(clickID: "abcdefghij")
        #expect(Fault.truncatedClickID.captured(click, profile: .appsFlyer).clickID == "abcde")
        #expect(Fault.emptyClickID.captured(click, profile: .appsFlyer) == .organic)
        #expect(Fault.duplicate.captured(click, profile: .appsFlyer) == click)
    }

    @Test func adjustClickIDFaultsEditTheCallback() throws {
        let callback = "https://clickwall.net/postback/advertiser?campaign_id=3001&click_id=abcdefghij"
        let truncated = try Fault.truncatedClickID.template(
            callback, profile: .adjust, otherCampaignID: "x", badPayout: "1,0")
        #expect(truncated == "https://clickwall.net/postback/advertiser?campaign_id=3001&click_id=abcde")
        let dropped = try Fault.trackingLinkDropsClickID.template(
            callback, profile: .adjust, otherCampaignID: "x", badPayout: "1,0")
        #expect(dropped == "https://clickwall.net/postback/advertiser?campaign_id=3001&click_id=")
    }

    @Test func applicability() {
        #expect(Fault.unencodedCallback.inapplicability(to: .appsFlyer) != nil)
        #expect(Fault.unencodedCallback.inapplicability(to: .adjust) == nil)
        for fault in Fault.allCases where fault != .unencodedCallback {
            #expect(fault.inapplicability(to: .appsFlyer) == nil, "\(fault)")
            #expect(fault.inapplicability(to: .voluum) == nil, "\(fault)")
            #expect(fault.inapplicability(to: .adjust) == nil, "\(fault)")
        }
        let knowsClickWallMacro = TrackerProfile(name: "x", macros: ["click_id": .clickID], clickParameter: "c")
        #expect(Fault.unsubstitutedMacro.inapplicability(to: knowsClickWallMacro) != nil)
        #expect(Fault.wrongMacro.inapplicability(to: knowsClickWallMacro) != nil)
    }

    @Test func aTemplateWithoutClickIDCannotTakeAClickIDFault() {
        #expect(throws: FaultError.self) {
            try Fault.renamedParameter.template(
                "https://clickwall.net/postback/advertiser?campaign_id=1", profile: .appsFlyer, otherCampaignID: "2",
                badPayout: "1,0")
        }
    }
}
