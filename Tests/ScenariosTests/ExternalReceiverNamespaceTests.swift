import Foundation
import PostbackCore
import PostbackTesting
import Testing
import Trackers

@testable import Scenarios

/// Campaign ids namespaced per run for an external receiver: every place that names a declared
/// campaign is rewritten the same way, nothing else is, and ids stay valid.
struct ExternalReceiverNamespaceTests {
    let namespace = CampaignNamespace(prefix: "rab12-3-", campaignIDs: ["1234", "77", "a_b-c"])

    @Test(
        "campaign_id values naming a declared campaign are rewritten, plain or encoded",
        arguments: [
            (
                "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id={x}",
                "https://clickwall.net/postback/advertiser?campaign_id=rab12-3-1234&click_id={x}"
            ),
            ("?click_id=1&campaign_id=77", "?click_id=1&campaign_id=rab12-3-77"),
            ("?campaign_id=a_b-c&x=1", "?campaign_id=rab12-3-a_b-c&x=1"),
            ("?x=1&amp;campaign_id=1234", "?x=1&amp;campaign_id=rab12-3-1234"),
            (
                "https://trk.example/a?cb=https%3A%2F%2Fclickwall.net%2Fpostback%2Fadvertiser%3Fcampaign_id%3D1234%26click_id%3D",
                "https://trk.example/a?cb=https%3A%2F%2Fclickwall.net%2Fpostback%2Fadvertiser%3Fcampaign_id%3Drab12-3-1234%26click_id%3D"
            ),
            ("?campaign_id%253D77%2526", "?campaign_id%253Drab12-3-77%2526"),
            ("?campaign_id=9999&click_id=1", "?campaign_id=9999&click_id=1"),
            ("?campaign_id=12345", "?campaign_id=12345"),
            ("?my_campaign_id=1234", "?my_campaign_id=1234"),
            ("?campaignid=1234", "?campaignid=1234"),
            ("?campaign_id={campaign_id}", "?campaign_id={campaign_id}"),
            ("?campaign_id=1234&campaign_id=77", "?campaign_id=rab12-3-1234&campaign_id=rab12-3-77"),
        ])
    func rewrite(template: String, expected: String) {
        #expect(namespace.rewrite(template) == expected)
    }

    @Test("a scenario is namespaced throughout, and ids map back")
    func scenario() throws {
        let profile = try #require(TrackerProfile.builtIn(named: "appsflyer"))
        let original = Scenario(
            name: "s", file: "s.yaml",
            campaigns: [
                Campaign(
                    id: "1234", status: .active, type: .cpi, payout: Money("1.00")!,
                    trackingLink: "https://app.appsflyer.com/x?clickid={click_id}&c=campaign_id=1234")
            ],
            clicks: [ClickBatch(campaignID: "1234", count: 3)],
            trackers: [
                ScenarioTracker(
                    name: "af", profile: profile,
                    postbacks: ["https://clickwall.net/postback/advertiser?campaign_id=1234&click_id={clickid}"],
                    campaignID: "1234")
            ],
            traffic: [TrafficStep(tracker: "af", campaignID: "1234", convert: 1)],
            expectations: [CampaignExpectation(campaignID: "1234", conversions: 1)])
        let namespace = CampaignNamespace(prefix: "rx-1-", campaignIDs: ["1234"])
        let result = namespace.apply(to: original)
        #expect(result.campaigns.map(\.id) == ["rx-1-1234"])
        #expect(
            result.campaigns.first?.trackingLink
                == "https://app.appsflyer.com/x?clickid={click_id}&c=campaign_id=rx-1-1234")
        #expect(result.clicks.map(\.campaignID) == ["rx-1-1234"])
        #expect(
            result.trackers.first?.postbacks == [
                "https://clickwall.net/postback/advertiser?campaign_id=rx-1-1234&click_id={clickid}"
            ])
        #expect(result.trackers.first?.campaignID == "rx-1-1234")
        #expect(result.traffic.map(\.campaignID) == ["rx-1-1234"])
        #expect(result.expectations.map(\.campaignID) == ["rx-1-1234"])
        #expect(namespace.original(for: "rx-1-1234") == "1234")
        #expect(namespace.original(for: "other") == "other")
    }

    @Test("ids stay within [A-Za-z0-9_-]{1,64}, distinct, even for the longest declared ids")
    func longIDs() {
        let long = String(repeating: "a", count: 64)
        let longer = String(repeating: "a", count: 63) + "b"
        let namespace = CampaignNamespace(prefix: "rabcdefghijkl-123456-", campaignIDs: [long, longer, "1"])
        let ids = [long, longer, "1"].map { namespace.id(for: $0) }
        #expect(Set(ids).count == 3)
        for id in ids {
            #expect(Campaign.isValidID(id), "\(id)")
            #expect(id.hasPrefix("rabcdefghijkl-123456-"))
        }
        #expect(ids[2] == "rabcdefghijkl-123456-1")
    }

    @Test(
        "receiver URLs and run ids are checked",
        arguments: [
            ("http://127.0.0.1:8080", true), ("https://staging.example:8443/", true), ("ftp://x", false),
            ("http://127.0.0.1:8080/api", false), ("127.0.0.1:8080", false), ("http://u:p@127.0.0.1:1", false),
            ("http://:80", false),
        ])
    func receiverURL(url: String, valid: Bool) {
        #expect(((try? ExternalReceiver(url: url, runID: "abc")) != nil) == valid)
    }

    @Test("run ids: 1 to 12 letters or digits")
    func runIDs() {
        #expect(ExternalReceiver.isValidRunID("abc123"))
        #expect(!ExternalReceiver.isValidRunID(""))
        #expect(!ExternalReceiver.isValidRunID("a-b"))
        #expect(!ExternalReceiver.isValidRunID(String(repeating: "a", count: 13)))
        #expect(ExternalReceiver.isValidRunID(ExternalReceiver.makeRunID()))
    }

    @Test("an Adjust scenario's https callbacks ride on the tracking link: skipped without a TLS port")
    func adjustCallbacksNeedTheTLSPort() throws {
        let file = PackageRoot.url.appendingPathComponent("scenarios/adjust/correct-setup.yaml").path
        let scenario = try #require(try ScenarioLoader().loadAll(paths: [file]).first)
        #expect(scenario.trackers.flatMap(\.postbacks).isEmpty, "Adjust has no postback template of its own")
        let plain = try ExternalReceiver(url: "http://127.0.0.1:8080", runID: "abc")
        #expect(plain.reasonToSkip(scenario)?.contains("no TLS port") == true)
        let withTLS = try ExternalReceiver(url: "http://127.0.0.1:8080", tlsPort: 8443, runID: "abc")
        #expect(withTLS.reasonToSkip(scenario) == nil)
    }
}
