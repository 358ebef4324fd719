import Foundation
import Receiver
import Testing
import Trackers

@testable import Scenarios

/// Loading what the tracker simulators add: `receiver:`, Adjust trackers without a postback,
/// event postbacks and mapping, and faults that do not apply to a tracker.
struct TrackerScenarioLoadingTests {
    static let adjustLink =
        "https://app.adjust.com/abc?install_callback=https%3A%2F%2Fclickwall.net%2Fpostback%2Fadvertiser%3Fcampaign_id%3D1%26click_id%3D{click_id}"

    func errors(_ yaml: String) -> [String] {
        do {
            _ = try ScenarioLoader().load(yaml: yaml, file: "scenarios/x.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func resetFirstLoadsAsAConnectionReset() throws {
        let yaml = """
            name: t
            receiver: {reset_first: 2}
            campaigns: [{id: "1", tracking_link: "\(Self.adjustLink)"}]
            clicks: [{campaign: "1", count: 1}]
            trackers: [{name: adj, profile: adjust}]
            traffic: [{tracker: adj, convert: 1}]
            """
        let scenario = try ScenarioLoader().load(yaml: yaml, file: "scenarios/x.yaml")
        #expect(scenario.receiverFaults == [ReceiverFaults.Rule(action: .resetConnection, count: 2)])
    }

    @Test func receiverFaultsAndTrackerKeysLoad() throws {
        let yaml = """
            name: t
            receiver: {delay_first: 2, delay: 500ms, fail_first: 3, fail_status: 502}
            campaigns: [{id: "1", tracking_link: "\(Self.adjustLink)"}]
            clicks: [{campaign: "1", count: 1}]
            trackers:
              - {name: adj, profile: adjust, timeout: 300ms, event_mapping: {f0ob4r: purchase}}
              - name: af
                profile: appsflyer
                postback: "https://clickwall.net/postback/advertiser?campaign_id=1&click_id={clickid}"
                event_postback: "https://clickwall.net/postback/advertiser?campaign_id=1&click_id={clickid}&event={event_name}"
            traffic:
              - {tracker: adj, convert: 1, fault: unencoded-callback}
            """
        let scenario = try ScenarioLoader().load(yaml: yaml, file: "scenarios/x.yaml")
        #expect(
            scenario.receiverFaults == [
                ReceiverFaults.Rule(action: .delayAnswer(.milliseconds(500)), count: 2),
                ReceiverFaults.Rule(action: .refuse(status: 502), count: 3),
            ])
        let adjust = try #require(scenario.tracker(named: "adj"))
        #expect(adjust.postbacks.isEmpty)
        #expect(adjust.timeout == .milliseconds(300))
        #expect(adjust.eventMapping == ["f0ob4r": "purchase"])
        let appsFlyer = try #require(scenario.tracker(named: "af"))
        #expect(appsFlyer.eventPostbacks.count == 1)
    }

    @Test func adjustWithAPostbackIsAnError() {
        let yaml = """
            name: t
            campaigns: [{id: "1"}]
            trackers:
              - {name: adj, profile: adjust, postback: "https://clickwall.net/postback/advertiser?click_id={click_id}"}
            """
        let found = errors(yaml)
        #expect(found.count == 1)
        #expect(
            found.first?.hasPrefix(
                "scenarios/x.yaml:4:34: error: tracker 'adj' (profile adjust) takes its callbacks from the click link")
                == true)
    }

    @Test func aFaultThatDoesNotApplyIsAnErrorAtItsPosition() {
        let yaml = """
            name: t
            campaigns: [{id: "1"}]
            clicks: [{campaign: "1", count: 1}]
            trackers:
              - {name: af, profile: appsflyer, postback: "https://clickwall.net/postback/advertiser?campaign_id=1&click_id={clickid}"}
            traffic:
              - {tracker: af, convert: 1, fault: unencoded-callback}
            """
        let found = errors(yaml)
        #expect(found.count == 1)
        #expect(
            found.first?.hasPrefix("scenarios/x.yaml:7:38: error: fault 'unencoded-callback' needs a tracker") == true)
    }

    @Test func receiverKeysAreChecked() {
        let found = errors("name: t\nreceiver: {delay: 1s, fail_firts: 2}\n")
        #expect(found.count == 2)
        #expect(found.contains { $0.contains("unknown key 'fail_firts'") && $0.contains("did you mean 'fail_first'?") })
        #expect(found.contains { $0.contains("'delay' needs 'delay_first'") })
    }
}
