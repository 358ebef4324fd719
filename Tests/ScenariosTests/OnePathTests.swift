import Curl
import Foundation
import PostbackCore
import PostbackTesting
@_spi(Testing) import Receiver
import Store
import Testing
import Trackers

@testable import Scenarios

/// A scenario run, `check --simulate` and `serve` answer postbacks through the receiver's one
/// postback path: its per-campaign count (`RunningReceiver.postbacksAnswered`), moved only
/// there, grows by exactly the postbacks each sent. Campaign ids are this suite's own.
@Suite(.timeLimit(.minutes(1)))
struct OnePathTests {
    @Test("a scenario run answers its postbacks on the one postback path")
    func scenarioRun() async throws {
        let scenario = try ScenarioLoader().load(
            yaml: """
                name: one path, scenario run
                campaigns:
                  - {id: onepath-run, status: active, type: cpi, payout: "1.00",
                     tracking_link: "https://app.appsflyer.com/id1?clickid={click_id}"}
                clicks:
                  - {campaign: onepath-run, count: 3}
                trackers:
                  - name: af
                    profile: appsflyer
                    postback: "https://clickwall.net/postback/advertiser?campaign_id=onepath-run&click_id={clickid}"
                traffic:
                  - {tracker: af, convert: 3, event: install}
                expect:
                  onepath-run: {conversions: 3}
                """, file: "one-path.yaml")
        RunningReceiver.startCountingPostbacks()
        let before = RunningReceiver.postbacksAnswered(campaignID: "onepath-run")
        let result = await ScenarioRunner(configuration: .fixtures(root: PackageRoot.url)).run(scenario)
        #expect(result.passed, "\(result.error ?? "") \(result.campaigns.flatMap(\.differences))")
        #expect(RunningReceiver.postbacksAnswered(campaignID: "onepath-run") - before == 3)
    }

    @Test("check --simulate answers its test conversion on the one postback path")
    func checkSimulation() async throws {
        let profile = try #require(TrackerProfile.builtIn(named: "appsflyer"))
        let conversion = TestConversion(
            profile: profile,
            template: "https://clickwall.net/postback/advertiser?campaign_id=onepath-check&click_id={clickid}",
            campaignID: "onepath-check", values: ConversionValues(clickID: nil))
        RunningReceiver.startCountingPostbacks()
        let before = RunningReceiver.postbacksAnswered(campaignID: "onepath-check")
        let report = try await conversion.run(configuration: .fixtures(root: PackageRoot.url))
        #expect(report.verdict?.result == .accepted)
        #expect(RunningReceiver.postbacksAnswered(campaignID: "onepath-check") - before == 1)
    }

    @Test("serve (runReceiver) answers postbacks on the one postback path")
    func serve() async throws {
        let store = try SQLitePostbackStore(path: nil)
        RunningReceiver.startCountingPostbacks()
        let before = RunningReceiver.postbacksAnswered(campaignID: "onepath-serve")
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await runReceiver(configuration: ReceiverConfiguration(port: 0), store: store) { running in
                    continuation.yield(running.port)
                }
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let answer = try await CurlClient.withClient { client in
                try await client.send(
                    CurlRequest(
                        url: "http://127.0.0.1:\(port)/postback/advertiser?campaign_id=onepath-serve&click_id=x"))
            }
            #expect(answer.status == 404, "an unknown campaign, answered by the rule chain")
            group.cancelAll()
        }
        #expect(RunningReceiver.postbacksAnswered(campaignID: "onepath-serve") - before == 1)
    }
}
