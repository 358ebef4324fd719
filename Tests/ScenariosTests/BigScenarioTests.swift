import Foundation
import PostbackCore
import PostbackTesting
import Testing

@testable import Scenarios

/// What lets a scenario of a million postbacks run: bulk clicks, packed click ids, and sends
/// counted instead of kept beyond a step's first conversions.
@Suite(.timeLimit(.minutes(2)))
struct BigScenarioTests {
    static let yaml = """
        name: bulk clicks and counted sends
        campaigns:
          - {id: "bulk", status: active, type: cpi, payout: "0.50",
             tracking_link: "https://trk.example-keitaro.com/b?external_id={click_id}"}
        clicks:
          - {campaign: "bulk", count: 1500}
        trackers:
          - name: keitaro
            profile: keitaro
            postback: "http://clickwall.net/postback/advertiser?campaign_id=bulk&click_id={external_id}"
          - name: repeated
            profile: keitaro
            postback: "http://clickwall.net/postback/advertiser?campaign_id=bulk&click_id={external_id}&click_id=x"
        traffic:
          - {tracker: keitaro, convert: 1200}
          - {tracker: keitaro, convert: 150}
          - {tracker: repeated, convert: 100, offset: 1400}
        expect:
          "bulk": {clicks: 1500, conversions: 1200, duplicates: 150, rejected: {malformed_request: 100},
                   payout_total: "600.00"}
        """

    @Test("1,500 clicks issued in bulk convert like clicks made one by one; later sends are counted")
    func bulkClicksAndCountedSends() async throws {
        let file = PackageRoot.url.appendingPathComponent("Benchmarks/scale/test.yaml").path
        let scenario = try ScenarioLoader().load(yaml: Self.yaml, file: file)
        #expect(scenario.clicks[0].count > AdminClient.bulkClickThreshold)
        var configuration = try RunnerConfiguration.embedded()
        configuration.keptSendsPerStep = 100
        let result = await ScenarioRunner(configuration: configuration).run(scenario)
        #expect(result.error == nil)
        #expect(result.passed, "\(result.campaigns.map(\.differences))")
        // 100 kept per step (the first 100 conversions, in order), the rest counted by outcome.
        #expect(result.sends.count == 300)
        #expect(result.sends.prefix(100).compactMap(\.clickID) == result.sends[100..<200].compactMap(\.clickID))
        #expect(result.sendCount(forCampaign: "bulk") == 1450)
        let omitted = Dictionary(uniqueKeysWithValues: result.omittedSends.map { ($0.label, $0.count) })
        #expect(omitted["accepted (HTTP 200)"] == 1100)
        #expect(omitted["duplicate (HTTP 200)"] == 50)
        #expect(omitted.count == 2)
        #expect(result.sends.last?.outcomeLabel == "rejected malformed_request (HTTP 400)")
    }

    @Test("a failing big scenario reports the counted sends in the groups behind the difference")
    func countedSendsInTheTextReport() async throws {
        let yaml = Self.yaml.replacingOccurrences(of: "conversions: 1200", with: "conversions: 1201")
        let file = PackageRoot.url.appendingPathComponent("Benchmarks/scale/test.yaml").path
        let scenario = try ScenarioLoader().load(yaml: yaml, file: file)
        var configuration = try RunnerConfiguration.embedded()
        configuration.keptSendsPerStep = 10
        let result = await ScenarioRunner(configuration: configuration).run(scenario)
        #expect(!result.passed)
        let text = TextReport().details(result).joined(separator: "\n")
        #expect(text.contains("postbacks behind it (1450 sent for campaign bulk)"), "\(text)")
        #expect(text.contains("1200 × accepted (HTTP 200)"), "\(text)")
        #expect(text.contains("150 × duplicate (HTTP 200)"), "\(text)")
        #expect(text.contains("100 × rejected malformed_request (HTTP 400)"), "\(text)")
    }

    @Test func clickIDListRoundTrips() {
        var list = ClickIDList()
        let ids = ["a", "", "clk_0123456789abcdefghij", "é漢🙂", "z"]
        for id in ids { list.append(id) }
        #expect(list.count == ids.count)
        #expect((0..<list.count).map { list[$0] } == ids)
    }

    @Test func clickPoolIndexesAcrossSegments() {
        var pool = ClickPool([IssuedClick(location: nil, clickID: "one"), IssuedClick(location: nil, clickID: "two")])
        var ids = ClickIDList()
        ids.append("three")
        ids.append("four")
        pool.append(contentsOf: ClickPool(ids: ids, trackingLink: "https://t.example/?c={click_id}&d={click_id}"))
        #expect(pool.count == 4)
        #expect(pool[1].clickID == "two")
        #expect(pool[3].location == "https://t.example/?c=four&d=four")
        #expect(ClickPool(ids: ids, trackingLink: nil)[0].clickID == "three")
    }

    @Test(arguments: [
        Verdict(result: .accepted, conversionID: "cv_1", message: "recorded", httpStatus: 200),
        Verdict(result: .rejected, reason: .unknownClick, message: #"click "x" \ was never issued"#, httpStatus: 404),
        Verdict(result: .statusUpdated, conversionID: "cv_2", message: "now declined", httpStatus: 200),
    ])
    func quickVerdictSummaryAgreesWithTheDecoder(verdict: Verdict) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let answer = String(decoding: try encoder.encode(verdict), as: UTF8.self)
        let summary = try #require(ReceiverJSONDecoding.verdictSummary(from: answer))
        #expect(summary.result == verdict.result.rawValue)
        #expect(summary.reason == verdict.reason?.rawValue)
    }

    @Test(arguments: [
        "", "not json", #"{"result":"accepted"}"#, #"{"reason":"bogus","result":"rejected"}"#,
        #"{"reason":null,"result":"maybe"}"#,
    ])
    func quickVerdictSummaryRefusesOtherShapes(answer: String) {
        #expect(ReceiverJSONDecoding.verdictSummary(from: answer) == nil)
    }
}
