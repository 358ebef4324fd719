import Foundation
import PostbackCore
import PostbackTesting
import Testing
import Trackers

@testable import Scenarios

/// Every fault of the catalogue has a shipped scenario that passes, and whose expectation
/// depends on the injection: with the fault stripped from its traffic, the same scenario fails.
@Suite(.timeLimit(.minutes(2)))
struct FaultScenarioTests {
    /// The shipped scenario that proves each fault (AppsFlyer's where its expectation depends on
    /// the fault; Adjust's where only Adjust reacts to it).
    static func scenarioFile(for fault: Fault) -> String {
        switch fault {
        case .retryAfterTimeout, .unencodedCallback: "scenarios/adjust/fault-\(fault.rawValue).yaml"
        default: "scenarios/appsflyer/fault-\(fault.rawValue).yaml"
        }
    }

    static func load(_ fault: Fault) throws -> Scenario {
        try ScenarioLoader().load(path: PackageRoot.url.appendingPathComponent(scenarioFile(for: fault)).path)
    }

    static func run(_ scenario: Scenario) async -> ScenarioResult {
        await ScenarioRunner(configuration: .fixtures(root: PackageRoot.url)).run(scenario)
    }

    // One at a time, like the shipped suite: the timing faults must not compete for the CPU.
    @Test(.serialized, arguments: Fault.allCases)
    func faultScenarioPassesAndDependsOnTheInjection(_ fault: Fault) async throws {
        let scenario = try Self.load(fault)
        #expect(scenario.traffic.contains { $0.fault == fault }, "the scenario must inject \(fault.rawValue)")

        let injected = await Self.run(scenario)
        #expect(injected.error == nil, "\(injected.error ?? "")")
        #expect(injected.passed, "\(injected.campaigns.flatMap(\.differences))")

        var stripped = scenario
        for index in stripped.traffic.indices { stripped.traffic[index].fault = nil }
        let without = await Self.run(stripped)
        #expect(without.error == nil, "\(without.error ?? "")")
        #expect(!without.passed, "without \(fault.rawValue) the expectation must fail")
    }

    @Test func everyShippedTrackerFaultScenarioNamesItsFault() throws {
        for tracker in ["appsflyer", "adjust", "voluum"] {
            for fault in Fault.allCases where fault.inapplicability(to: TrackerProfile.builtIn(named: tracker)!) == nil
            {
                let path = PackageRoot.url.appendingPathComponent("scenarios/\(tracker)/fault-\(fault.rawValue).yaml")
                    .path
                let scenario = try ScenarioLoader().load(path: path)
                #expect(scenario.traffic.map(\.fault) == [fault], "\(path)")
            }
        }
    }

    /// The Done-when figure: the receiver is slow on the first attempt, the tracker gives up and
    /// sends again, the first was recorded — 2 sends, 1 conversion, 1 duplicate.
    @Test func retryAfterTimeoutSendsTwiceAndCountsOnce() async throws {
        let result = await Self.run(try Self.load(.retryAfterTimeout))
        #expect(result.passed)
        let sent = try #require(result.sends.first)
        #expect(result.sends.count == 1)
        #expect(sent.attempts.map(\.outcome) == [.timedOut, .answered(status: 200)])
        #expect(sent.verdict?.result == .duplicate)
        let stats = try #require(result.campaigns.first?.recorded)
        #expect(stats.conversions == 1)
        #expect(stats.duplicates == 1)
        #expect(stats.conversions + stats.duplicates == sent.attempts.count)
    }

    @Test func retryAfter5xxIsRetriedOnlyByTrackersThatRetry() async throws {
        let appsFlyer = await Self.run(try Self.load(.retryAfter5xx))
        #expect(appsFlyer.sends.allSatisfy { $0.attempts.map(\.status) == [503, 200] })
        let voluumPath = PackageRoot.url.appendingPathComponent("scenarios/voluum/fault-retry-after-5xx.yaml").path
        let voluum = await Self.run(try ScenarioLoader().load(path: voluumPath))
        #expect(voluum.passed)
        #expect(voluum.sends.allSatisfy { $0.attempts.map(\.status) == [503] })
    }

    @Test func faultOnTheWireHTMLEscapedAmpersand() async throws {
        let result = await Self.run(try Self.load(.htmlEscapedAmpersand))
        let url = try #require(result.sends.first?.attempts.first?.url)
        #expect(url.contains("&amp;click_id="))
    }
}
