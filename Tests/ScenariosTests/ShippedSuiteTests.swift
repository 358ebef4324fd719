import Foundation
import PostbackCore
import PostbackTesting
import Scenarios
import Testing

/// The shipped scenarios through the real runner: a receiver on 127.0.0.1, clicks through
/// `GET /click`, postbacks through libcurl (TLS for https), statistics read back over the API.
@Suite(.timeLimit(.minutes(2)))
struct ShippedSuiteTests {
    static let scenarioFiles: [String] = {
        let root = PackageRoot.url.appendingPathComponent("scenarios").path
        // Profile files beside the scenarios (scenarios/receiver/passthrough-tracker.yaml) are not run.
        return ((try? ScenarioLoader.scenarioFiles(in: [root])) ?? []).filter {
            ScenarioLoader.kind(ofFile: $0) == .scenario
        }
    }()

    @Test("the shipped scenarios are there: at least 8, reaching every reject reason")
    func coverage() throws {
        #expect(Self.scenarioFiles.count >= 8)
        let scenarios = try ScenarioLoader().loadAll(paths: Self.scenarioFiles)
        var reasons = Set<RejectReason>()
        for scenario in scenarios {
            for expectation in scenario.expectations {
                for (reason, count) in expectation.rejected ?? [:] where count > 0 { reasons.insert(reason) }
            }
        }
        // unknown_campaign counts for no campaign: it is reached in 02-campaign-states and checked
        // through the postback log in `unknownCampaignIsReached`.
        #expect(reasons.union([.unknownCampaign]) == Set(RejectReason.allCases))
    }

    // One at a time: the timing faults (a 2 s first timeout against a 3 s answer) must not
    // compete for the CPU with 85 other scenarios' TLS handshakes.
    @Test("every shipped scenario passes", .serialized, arguments: scenarioFiles)
    func passes(file: String) async throws {
        let scenario = try ScenarioLoader().load(path: file)
        let result = await ScenarioRunner(configuration: try .embedded()).run(scenario)
        #expect(result.error == nil)
        for campaign in result.campaigns {
            #expect(campaign.differences.isEmpty, "\(campaign.campaignID): \(campaign.differences)")
        }
    }

    @Test("a postback naming a campaign that does not exist is answered unknown_campaign")
    func unknownCampaignIsReached() async throws {
        let file = PackageRoot.url.appendingPathComponent("scenarios/receiver/02-campaign-states.yaml").path
        let result = await ScenarioRunner(configuration: try .embedded()).run(try ScenarioLoader().load(path: file))
        let reasons = result.sends.compactMap { $0.verdict?.reason }
        #expect(reasons.filter { $0 == .unknownCampaign }.count == 4)
    }

    @Test("a scenario is deterministic: the same sends and the same statistics on every run")
    func deterministic() async throws {
        let file = PackageRoot.url.appendingPathComponent("scenarios/receiver/06-status-update.yaml").path
        let scenario = try ScenarioLoader().load(path: file)
        let runner = ScenarioRunner(configuration: try .embedded())
        let first = await runner.run(scenario)
        let second = await runner.run(scenario)
        let urls = { (result: ScenarioResult) in result.sends.flatMap { $0.attempts.map(\.url) } }
        #expect(urls(first) == urls(second))
        #expect(urls(first).count == 20)
        #expect(first.campaigns.map(\.recorded) == second.campaigns.map(\.recorded))
    }

    @Test("a wrong expectation is reported field by field with the postbacks behind it")
    func wrongExpectation() async throws {
        let file = PackageRoot.url.appendingPathComponent("scenarios/receiver/05-duplicates.yaml").path
        var scenario = try ScenarioLoader().load(path: file)
        scenario.expectations[0].duplicates = 19
        let result = await ScenarioRunner(configuration: try .embedded()).run(scenario)
        #expect(!result.passed)
        let difference = try #require(result.campaigns.first?.differences.first)
        #expect(difference.field == "duplicates")
        #expect(difference.expected == "19")
        #expect(difference.recorded == "20")
        let text = TextReport().render(result)
        #expect(text.contains("duplicates: expected 19, recorded 20"))
        #expect(text.contains("× duplicate (HTTP 200)"))
    }
}
