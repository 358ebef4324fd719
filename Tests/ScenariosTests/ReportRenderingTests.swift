import Foundation
import PostbackCore
import PostbackTesting
import Testing
import Trackers

@testable import Scenarios

/// The reports rendered from results of every kind (passed, failed, error, skipped) holding
/// hostile strings: JUnit stays valid against `fixtures/junit/junit.xsd`, HTML keeps every
/// string as text, the JSON lists every expectation.
struct ReportRenderingTests {
    static let hostile = "a <b>&\"'</b> ]]> \u{1}\u{7F} é"

    static var results: [ScenarioResult] {
        let expectation = CampaignExpectation(
            campaignID: "1", clicks: 5, conversions: 4, rejected: [.unknownClick: 1], payoutTotal: Money("4"),
            fieldLocations: ["conversions": SourceLocation(file: "x/f.yaml", line: 9, column: 7)])
        var recorded = CampaignStats(campaignID: "1")
        recorded.clicks = 5
        recorded.conversions = 3
        recorded.payoutTotal = Money("4.00")!
        let failing = ScenarioResult(
            name: "failing " + hostile, file: "x/f.yaml", tags: ["t"],
            campaigns: [
                CampaignOutcome(
                    campaignID: "1", recorded: recorded,
                    differences: Expectation.compare(expected: expectation, recorded: recorded),
                    expectation: expectation)
            ],
            sends: [
                SentPostback(
                    step: 0, stepLocation: nil, tracker: "t" + hostile, campaignID: "1", clickID: hostile,
                    attempts: [
                        SendAttempt(
                            attempt: 1, method: "GET", url: "https://clickwall.net/p?x=" + hostile,
                            outcome: .answered(status: 404), status: 404,
                            answer:
                                #"{"result":"rejected","reason":"unknown_click","conversion_id":null,"message":"<i>no</i>"}"#
                        )
                    ])
            ])
        return [
            ScenarioResult(name: "passing", file: "y/p.yaml", tags: []),
            failing,
            ScenarioResult(name: "broken " + hostile, file: "f.yaml", tags: [], error: "cannot " + hostile),
            ScenarioResult(name: "skipped", file: "x/s.yaml", tags: [], skipReason: "needs " + hostile),
        ]
    }

    @Test("every field stated is listed, met or not, in the stats object's order")
    func fieldChecks() throws {
        let outcome = try #require(Self.results[1].campaigns.first)
        let checks = FieldCheck.checks(of: outcome)
        #expect(checks.map(\.field) == ["clicks", "conversions", "rejected.unknown_click", "payout_total"])
        #expect(checks.map(\.met) == [true, false, false, true])
        #expect(checks[1].recorded == "3")
        #expect(checks[1].location?.description == "x/f.yaml:9:7")
        #expect(checks[2].recorded == "0")
    }

    @Test("JUnit: every status, hostile strings, still valid against the schema")
    func junitValid() throws {
        let xml = JUnitReport().render(Self.results, elapsed: .milliseconds(1500), started: Date())
        #expect(xml.contains(#"tests="4" failures="1" errors="1" skipped="1""#))
        #expect(
            xml.contains("<skipped message=\"needs a &lt;b&gt;&amp;&quot;&#39;&lt;/b&gt; ]]&gt; \u{FFFD}\u{FFFD} é\"/>")
        )
        #expect(xml.contains(#"<error message="cannot "#))
        #expect(!xml.contains("\u{1}"))
        #expect(!xml.contains("<b>"))
        #expect(xml.components(separatedBy: "<testsuite ").count == 4, "x, y and . are three folders")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("junit-\(UUID().uuidString).xml")
        try xml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = [
            "--noout", "--schema", PackageRoot.url.appendingPathComponent("fixtures/junit/junit.xsd").path, file.path,
        ]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("HTML: every string from a scenario, a URL or an answer is text, never markup")
    func htmlEscaped() {
        let page = HTMLReport().render(Self.results, elapsed: .seconds(1), started: Date())
        #expect(!page.contains("<b>"))
        #expect(!page.contains("<i>"))
        #expect(!page.contains("<script"))
        #expect(page.contains("x=a &lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;"))
        #expect(page.contains("&lt;i&gt;no&lt;/i&gt;"), "the verdict's message")
        #expect(page.contains("<td>unknown_click</td>"))
        #expect(page.contains("Content-Security-Policy"))
        #expect(page.contains("1 passed</span>, <span class=\"fail\">2 failed</span>"))
    }

    @Test("JSON: totals and statuses")
    func json() throws {
        let data = try JSONReport().render(Self.results, elapsed: .seconds(2), started: Date())
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            document["totals"] as? [String: Int] == [
                "scenarios": 4, "passed": 1, "failed": 1, "errors": 1, "skipped": 1,
            ])
        let scenarios = try #require(document["scenarios"] as? [[String: Any]])
        #expect(scenarios.map { $0["status"] as? String } == ["passed", "failed", "error", "skipped"])
        #expect(scenarios[3]["skip_reason"] as? String == "needs " + Self.hostile)
    }
}
