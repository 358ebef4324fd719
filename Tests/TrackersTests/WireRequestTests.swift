import Foundation
import PostbackCore
import PostbackTesting
import Testing
import Trackers

/// The exact request line each built-in profile puts on the wire for a given click and
/// conversion, read back from the receiver's postback log (`GET /api/postbacks`, `url` is the
/// raw request target), checked against trackers.md.
@Suite(.timeLimit(.minutes(1)))
struct WireRequestTests {
    /// Sends what `profile` fills from `template` (or, for Adjust, from the click link) and
    /// returns the logged method, target, User-Agent and result, with the click id.
    func sendThroughReceiver(
        profile: TrackerProfile, campaignID: String, trackingLink: String, template: String?,
        values: (String?) -> ConversionValues, event: String? = nil, multiEvent: Bool = false
    ) async throws -> (method: String, url: String, hasUserAgent: Bool, result: String, clickID: String) {
        try await withWireReceiver { wire in
            let events = multiEvent ? ", \"events\": {\"install\": \"1.00\", \"purchase\": \"2.00\"}" : ""
            let json =
                "{\"status\": \"active\", \"type\": \"\(multiEvent ? "cpa" : "cpi")\", \"payout\": \"1.00\"\(events), \"tracking_link\": \(Self.jsonString(trackingLink))}"
            let (location, issued) = try await wire.click(campaignID: campaignID, campaignJSON: json)
            let captured = profile.capture(fromTrackingURL: location)
            let source = try #require(template ?? captured.callback(forTrackerEvent: event))
            let url = profile.fill(template: source, values: values(captured.clickID))
            let attempts = await wire.sender.send(url, profile: profile)
            #expect(attempts.count == 1)
            let entry = try #require(try await wire.log(campaignID: campaignID).first)
            return (
                entry["method"] as? String ?? "", entry["url"] as? String ?? "", !(entry["user_agent"] is NSNull),
                entry["result"] as? String ?? "", issued
            )
        }
    }

    static func jsonString(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }

    @Test func appsFlyerInAppEvent() async throws {
        let sent = try await sendThroughReceiver(
            profile: .appsFlyer, campaignID: "2001",
            trackingLink: "https://app.appsflyer.com/id123?pid=clickwall_int&clickid={click_id}",
            template:
                "https://clickwall.net/postback/advertiser?campaign_id=2001&click_id={clickid}&idfa=(idfa)&ts=(install-unix-ts)&event={event_name}&amount={event_revenue}&currency={event_revenue_currency}&note={click_id}",
            values: { clickID in
                ConversionValues(
                    clickID: clickID, event: "purchase", amount: "9.99", currency: "USD", trackerEvent: "af_purchase",
                    unixTime: 1_767_225_600)
            }, multiEvent: true)
        let device = MacroValue.deviceID(for: sent.clickID)
        // {clickid} and (idfa) filled; ClickWall's {click_id} is not AppsFlyer's: sent literally.
        #expect(sent.method == "GET")
        #expect(
            sent.url
                == "/postback/advertiser?campaign_id=2001&click_id=\(sent.clickID)&idfa=\(device)&ts=1767225600&event=purchase&amount=9.99&currency=USD&note={click_id}"
        )
        #expect(!sent.hasUserAgent)
        #expect(sent.result == "accepted")
    }

    static let adjustCallback =
        "https%3A%2F%2Fclickwall.net%2Fpostback%2Fadvertiser%3Fcampaign_id%3D3001%26click_id%3D{click_id}%26gps_adid%3D%7Bgps_adid%7D%26at%3D%7Binstalled_at%7D%26tracker%3D%7Btracker_name%7D%26kind%3D%7Bactivity_kind%7D"

    @Test func adjustInstallCallbackFromTheClickLink() async throws {
        let sent = try await sendThroughReceiver(
            profile: .adjust, campaignID: "3001",
            trackingLink: "https://app.adjust.com/abc123?campaign=spring&install_callback=\(Self.adjustCallback)",
            template: nil, values: { ConversionValues(clickID: $0, unixTime: 1_767_225_600) })
        let device = MacroValue.deviceID(for: sent.clickID)
        // ClickWall filled {click_id} at click time; Adjust decoded the callback once, filled its
        // placeholders; {tracker_name} is filled with a tracker name derived from the click.
        #expect(sent.method == "GET")
        #expect(
            sent.url
                == "/postback/advertiser?campaign_id=3001&click_id=\(sent.clickID)&gps_adid=\(device)&at=1767225600&tracker=\(MacroValue.text(named: "tracker_name", for: sent.clickID))&kind=install"
        )
        #expect(!sent.hasUserAgent)
        #expect(sent.result == "accepted")
    }

    @Test func adjustUnencodedCallbackLosesItsParameters() async throws {
        let raw = PercentEncoding.decode(Self.adjustCallback) ?? ""
        let sent = try await sendThroughReceiver(
            profile: .adjust, campaignID: "3001",
            trackingLink: "https://app.adjust.com/abc123?install_callback=\(raw)", template: nil,
            values: { ConversionValues(clickID: $0) })
        #expect(sent.url == "/postback/advertiser?campaign_id=3001")
        #expect(sent.result == "rejected")
    }

    @Test func voluumExternalIDAndItsOwnClickID() async throws {
        var profile = TrackerProfile.voluum
        profile.clickParameter = "cw_click"
        let sent = try await sendThroughReceiver(
            profile: profile, campaignID: "4001",
            trackingLink: "https://trk.example.voluum.com/7f3c?cw_click={click_id}",
            template:
                "https://clickwall.net/postback/advertiser?campaign_id=4001&click_id={externalid}&vid={clickid}&payout={payout}&txid={transaction.id}&x={unknown}",
            values: { ConversionValues(clickID: $0, payout: "0.80", txid: "T 1") })
        let own = MacroValue.trackerClickID(for: sent.clickID)
        #expect(sent.method == "GET")
        #expect(
            sent.url
                == "/postback/advertiser?campaign_id=4001&click_id=\(sent.clickID)&vid=\(own)&payout=0.80&txid=T%201&x={unknown}"
        )
        #expect(!sent.hasUserAgent)
        #expect(sent.result == "accepted")
    }

    @Test func customKeitaroEncodesButNotUnderscoreMacros() async throws {
        let keitaro = try TrackerProfileLoader.load(path: PackageRoot.fixture("trackers/keitaro.yaml").path)
        let sent = try await sendThroughReceiver(
            profile: keitaro, campaignID: "5001",
            trackingLink: "https://trk.example-keitaro.com/Xy7z?external_id={click_id}",
            template:
                "https://clickwall.net/postback/advertiser?campaign_id=5001&click_id={external_id}&sub={subid}&note={revenue}&raw={_revenue}",
            values: { ConversionValues(clickID: $0, amount: "a&b") })
        let own = MacroValue.trackerClickID(for: sent.clickID)
        #expect(
            sent.url
                == "/postback/advertiser?campaign_id=5001&click_id=\(sent.clickID)&sub=\(own)&note=a%26b&raw=a&b")
        #expect(sent.method == "GET")
    }

    @Test func customPostSendsAFormToThePath() async throws {
        let profile = try TrackerProfileLoader.load(path: PackageRoot.fixture("trackers/mytracker.yaml").path)
        let sent = try await sendThroughReceiver(
            profile: profile, campaignID: "5401", trackingLink: "https://trk.my.example/c/9?mt_click={click_id}",
            template: "https://clickwall.net/postback/advertiser?campaign_id=5401&click_id=%%CLICK_ID%%",
            values: { ConversionValues(clickID: $0) })
        #expect(sent.method == "POST")
        #expect(sent.url == "/postback/advertiser")
        #expect(sent.result == "accepted")
    }
}
