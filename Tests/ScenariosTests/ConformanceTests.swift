import Foundation
import PostbackCore
import PostbackTesting
import Receiver
import Store
import Testing

@testable import Scenarios

/// The differential mode (`run --receiver URL --differential`): each scenario against the
/// embedded reference and against a receiver under test, compared answer by answer per DESIGN
/// §3 rule. A receiver that breaks one rule is caught on that rule alone.
@Suite(.timeLimit(.minutes(1)))
struct ConformanceTests {
    /// A store that answers repeats of a conversion `accepted` again, as a receiver without
    /// rule 13's dedup would: everything else is the reference's.
    struct NoDedupStore: PostbackStore {
        let inner: SQLitePostbackStore

        func putCampaign(_ campaign: Campaign) async throws { try await inner.putCampaign(campaign) }
        func campaign(id: String) async throws -> Campaign? { try await inner.campaign(id: id) }
        func campaigns() async throws -> [Campaign] { try await inner.campaigns() }
        func addClicks(_ clicks: [Click]) async throws { try await inner.addClicks(clicks) }
        func click(id: String) async throws -> Click? { try await inner.click(id: id) }
        func deleteCampaign(id: String) async throws -> Bool { try await inner.deleteCampaign(id: id) }
        func process(_ request: PostbackRequest, now: Date) async throws -> Verdict {
            var verdict = try await inner.process(request, now: now)
            if verdict.result == .duplicate {
                verdict.result = .accepted
                verdict.conversionID = "cv_again"
            }
            return verdict
        }
        func recordRejection(_ verdict: Verdict, request: PostbackRequest) async throws {
            try await inner.recordRejection(verdict, request: request)
        }
        func stats(campaignID: String) async throws -> CampaignStats? { try await inner.stats(campaignID: campaignID) }
        func allStats() async throws -> [CampaignStats] { try await inner.allStats() }
        func postbacks(_ filter: PostbackLogFilter) async throws -> [PostbackLogEntry] {
            try await inner.postbacks(filter)
        }
    }

    static let scenarios = [
        "scenarios/appsflyer/fault-duplicate.yaml", "scenarios/appsflyer/fault-truncated-click-id.yaml",
        "scenarios/appsflyer/fault-unsubstituted-macro.yaml",
    ]

    /// Runs the scenarios differentially against a receiver over `store`.
    static func conformance(of store: any PostbackStore) async throws -> ConformanceReport {
        ConformanceReport(results: try await results(of: store))
    }

    /// The results of the scenarios run differentially against a receiver over `store`.
    static func results(of store: any PostbackStore) async throws -> [ScenarioResult] {
        let fixtures = RunnerConfiguration.fixtures(root: PackageRoot.url)
        var receiverConfiguration = ReceiverConfiguration()
        receiverConfiguration.tls = fixtures.tls
        return try await withReceiver(configuration: receiverConfiguration, store: store) { running in
            var configuration = fixtures
            configuration.external = try ExternalReceiver(
                url: running.baseURL, tlsPort: running.tlsPort, caFile: fixtures.caFile)
            configuration.differential = true
            let runner = ScenarioRunner(configuration: configuration)
            var results: [ScenarioResult] = []
            for file in scenarios {
                let scenario = try ScenarioLoader().load(path: PackageRoot.url.appendingPathComponent(file).path)
                results.append(await runner.run(scenario))
            }
            return results
        }
    }

    @Test("the reference against itself conforms on every exercised rule")
    func referenceConforms() async throws {
        let report = try await Self.conformance(of: try SQLitePostbackStore(path: nil))
        #expect(report.isConforming, "\(report.text())")
        let exercised = Set(report.rules.filter { $0.exercised > 0 }.map(\.rule))
        #expect(
            exercised.isSuperset(of: [.noMacro, .clickIssued, .firstConversion, .repeatConversion]),
            "\(report.text())")
    }

    @Test("a receiver without dedup breaks rule 13's repeats, and only that rule")
    func brokenDedupIsCaught() async throws {
        let report = try await Self.conformance(of: NoDedupStore(inner: try SQLitePostbackStore(path: nil)))
        #expect(!report.isConforming)
        let broken = report.rules.filter { !$0.isConforming }
        #expect(broken.map(\.rule) == [.repeatConversion], "\(report.text())")
        let mismatch = try #require(broken.first?.mismatches.first)
        #expect(mismatch.differences.contains("result: expected duplicate, got accepted"), "\(mismatch)")
        #expect(report.text().contains("NOT conforming: answered differently on rule 13 the same key again"))
    }

    @Test("the JSON and HTML reports of a differential run carry the conformance report")
    func reportsCarryIt() async throws {
        let results = try await Self.results(of: NoDedupStore(inner: try SQLitePostbackStore(path: nil)))
        let json = try JSONReport().render(results, elapsed: .seconds(1), started: Date())
        let document = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let rules = try #require((document["conformance"] as? [String: Any])?["rules"] as? [[String: Any]])
        let broken = rules.filter { !(($0["mismatches"] as? [Any]) ?? []).isEmpty }
        #expect(broken.map { $0["title"] as? String } == [ConformanceRule.repeatConversion.title])
        let html = HTMLReport().render(results, elapsed: .seconds(1), started: Date())
        #expect(html.contains("<h2>Conformance against the reference</h2>"))
        #expect(html.contains("result: expected duplicate, got accepted"))
    }
}
