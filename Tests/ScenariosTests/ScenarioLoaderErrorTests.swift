import PostbackCore
import Testing
import Trackers

@testable import Scenarios

struct ScenarioLoaderErrorTests {
    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var label: String
        var yaml: String
        var expected: String
        var testDescription: String { label }
    }

    static let head = """
        name: t
        campaigns:
          - {id: "1234", status: active, payout: "1.20", tracking_link: "https://t/?clickid={click_id}"}
        trackers:
          - name: af
            profile: appsflyer
            postback: "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id={clickid}"

        """

    static let scenarioKeys = ScenarioLoader.keys.joined(separator: ", ")

    static let cases: [ErrorCase] = [
        .init(
            label: "not YAML", yaml: "name: t\ncampaigns: [{id: 1}\n",
            expected:
                "scenarios/x.yaml:3:1: error: not YAML: did not find expected ',' or ']' (while parsing a flow sequence at 2:12)"
        ),
        .init(
            label: "tab indentation is not YAML", yaml: "name: t\ncampaigns:\n\t- {id: 1}\n",
            expected:
                "scenarios/x.yaml:3:1: error: not YAML: found character that cannot start any token (while scanning for the next token at 3:1)"
        ),
        .init(
            label: "unknown top-level key", yaml: head + "expct:\n  \"1234\": {clicks: 1}\n",
            expected:
                "scenarios/x.yaml:8:1: error: unknown key 'expct' (expected one of: \(scenarioKeys)); did you mean 'expect'?"
        ),
        .init(
            label: "unknown campaign key", yaml: "name: t\ncampaigns:\n  - {id: \"1\", payuot: \"1\"}\n",
            expected:
                "scenarios/x.yaml:3:15: error: unknown key 'payuot' (expected one of: \(ScenarioDecoder.campaignKeys.joined(separator: ", "))); did you mean 'payout'?"
        ),
        .init(
            label: "unknown expect key", yaml: head + "expect:\n  \"1234\":\n    conversion: 3\n",
            expected:
                "scenarios/x.yaml:10:5: error: unknown key 'conversion' (expected one of: \(ScenarioDecoder.expectKeys.joined(separator: ", "))); did you mean 'conversions'?"
        ),
        .init(
            label: "unknown traffic key without a near one",
            yaml: head
                + "clicks: [{campaign: \"1234\", count: 1}]\ntraffic:\n  - {tracker: af, convert: 1, colour: red}\n",
            expected:
                "scenarios/x.yaml:10:31: error: unknown key 'colour' (expected one of: \(ScenarioDecoder.trafficKeys.joined(separator: ", ")))"
        ),
        .init(
            label: "wrong type: string for a count", yaml: head + "clicks:\n  - {campaign: \"1234\", count: fifty}\n",
            expected: "scenarios/x.yaml:9:31: error: 'count' must be an integer, found 'fifty'"),
        .init(
            label: "wrong type: mapping for a list", yaml: "name: t\ncampaigns:\n  id: \"1\"\n",
            expected: "scenarios/x.yaml:3:3: error: 'campaigns' must be a list, found a mapping"),
        .init(
            label: "wrong type: list for a name", yaml: "name: [a, b]\n",
            expected: "scenarios/x.yaml:1:7: error: 'name' must be a string, found a list"),
        .init(
            label: "missing required key", yaml: "tags: [a]\n",
            expected: "scenarios/x.yaml:1:1: error: missing required key 'name' in scenario"),
        .init(
            label: "missing required nested key", yaml: "name: t\ncampaigns:\n  - status: active\n",
            expected: "scenarios/x.yaml:3:5: error: missing required key 'id' in campaigns[0]"),
        .init(
            label: "bad enum value", yaml: "name: t\ncampaigns:\n  - {id: \"1\", status: activ}\n",
            expected:
                "scenarios/x.yaml:3:23: error: bad value 'activ' for 'status' (expected one of: pending, approved, active, paused, rejected); did you mean 'active'?"
        ),
        .init(
            label: "bad dedup value", yaml: "name: t\ncampaigns:\n  - {id: \"1\", dedup: txid}\n",
            expected:
                "scenarios/x.yaml:3:22: error: bad value 'txid' for 'dedup' (expected one of: click_event, click_txid, none)"
        ),
        .init(
            label: "bad fault",
            yaml: head
                + "clicks: [{campaign: \"1234\", count: 1}]\ntraffic:\n  - {tracker: af, convert: 1, fault: duplicat}\n",
            expected:
                "scenarios/x.yaml:10:38: error: bad value 'duplicat' for 'fault' (expected one of: \(Fault.allCases.map(\.rawValue).joined(separator: ", "))); did you mean 'duplicate'?"
        ),
        .init(
            label: "bad decimal with a comma", yaml: "name: t\ncampaigns:\n  - {id: \"1\", payout: \"1,20\"}\n",
            expected:
                "scenarios/x.yaml:3:23: error: bad decimal '1,20' for 'payout': expected a non-negative amount with '.' as separator, such as \"1.20\""
        ),
        .init(
            label: "bad negative decimal in events",
            yaml: "name: t\ncampaigns:\n  - id: \"1\"\n    events: {install: -1}\n",
            expected:
                "scenarios/x.yaml:4:23: error: bad decimal '-1' for 'events.install': expected a non-negative amount with '.' as separator, such as \"1.20\""
        ),
        .init(
            label: "bad decimal in expect", yaml: head + "expect:\n  \"1234\": {payout_total: 1e3}\n",
            expected:
                "scenarios/x.yaml:9:26: error: bad decimal '1e3' for 'payout_total': expected a non-negative amount with '.' as separator, such as \"1.20\""
        ),
        .init(
            label: "unknown tracker", yaml: head + "traffic:\n  - {tracker: appsflyer, convert: 1}\n",
            expected: "scenarios/x.yaml:9:15: error: unknown tracker 'appsflyer' (declared: af)"),
        .init(
            label: "unknown tracker, near",
            yaml: head.replacingOccurrences(of: "name: af", with: "name: voluum")
                + "traffic:\n  - {tracker: volum, convert: 1}\n",
            expected: "scenarios/x.yaml:9:15: error: unknown tracker 'volum' (declared: voluum); did you mean 'voluum'?"
        ),
        .init(
            label: "unknown campaign in clicks", yaml: head + "clicks:\n  - {campaign: \"999\", count: 1}\n",
            expected: "scenarios/x.yaml:9:16: error: unknown campaign '999' in clicks (declared: 1234)"),
        .init(
            label: "unknown campaign in expect", yaml: head + "expect:\n  \"1235\": {clicks: 1}\n",
            expected:
                "scenarios/x.yaml:9:3: error: unknown campaign '1235' in expect (declared: 1234); did you mean '1234'?"),
        .init(
            label: "unknown reject reason", yaml: head + "expect:\n  \"1234\": {rejected: {unknown_clik: 1}}\n",
            expected:
                "scenarios/x.yaml:9:23: error: unknown reject reason 'unknown_clik' (expected one of: \(RejectReason.allCases.map(\.rawValue).joined(separator: ", "))); did you mean 'unknown_click'?"
        ),
        .init(
            label: "bad campaign id", yaml: "name: t\ncampaigns:\n  - {id: \"12 34\"}\n",
            expected:
                "scenarios/x.yaml:3:10: error: campaign id '12 34' must be 1–64 characters of A–Z, a–z, 0–9, '_' or '-'"
        ),
        .init(
            label: "duplicate campaign", yaml: "name: t\ncampaigns:\n  - {id: \"1\"}\n  - {id: \"1\"}\n",
            expected: "scenarios/x.yaml:4:10: error: campaign '1' is declared twice"),
        .init(
            label: "duplicate key", yaml: "name: t\nname: u\n",
            expected: "scenarios/x.yaml:1:1: error: duplicate key 'name': each key may appear once in a mapping"),
        .init(
            label: "bad age", yaml: head + "clicks:\n  - {campaign: \"1234\", count: 1, age: 40 days}\n",
            expected:
                "scenarios/x.yaml:9:39: error: bad duration '40 days' for 'age': expected a number and a unit (ms, s, m, h, d), such as 15m or 40d"
        ),
        .init(
            label: "tracker without postback",
            yaml: "name: t\ncampaigns: [{id: \"1\"}]\ntrackers:\n  - {name: a, profile: voluum}\n",
            expected:
                "scenarios/x.yaml:4:5: error: tracker 'a' has no postback: add 'postback: \"https://…\"' with the tracker's macros"
        ),
        .init(
            label: "campaign cannot be told",
            yaml:
                "name: t\ncampaigns: [{id: \"1\"}, {id: \"2\"}]\ntrackers:\n  - {name: a, profile: voluum, postback: \"https://x/?click_id={click_id}\"}\ntraffic:\n  - {tracker: a, convert: 1}\n",
            expected:
                "scenarios/x.yaml:6:5: error: cannot tell whose clicks tracker 'a' converts: add 'campaign:' to this step or to the tracker"
        ),
        .init(
            label: "time scale of zero", yaml: "name: t\ntime_scale: 0\n",
            expected: "scenarios/x.yaml:2:13: error: 'time_scale' must be greater than 0, found 0.0"),
        .init(
            label: "control character", yaml: "name: t\ntags: [a\u{07}]\n",
            expected: "scenarios/x.yaml:2:9: error: not YAML: control characters are not allowed"),
        .init(
            label: "empty file", yaml: "# nothing\n",
            expected: "scenarios/x.yaml:1:1: error: the file is empty: expected a mapping of keys"),
    ]

    @Test(arguments: cases)
    func firstErrorIsExact(_ testCase: ErrorCase) throws {
        do {
            let scenario = try ScenarioLoader().load(yaml: testCase.yaml, file: "scenarios/x.yaml")
            Issue.record("expected an error, loaded \(scenario.name)")
        } catch {
            #expect(error.first?.summary == testCase.expected)
        }
    }

    @Test func unknownProfileIsAnErrorAtItsPosition() throws {
        let yaml = """
            name: t
            campaigns: [{id: "1"}]
            trackers:
              - {name: k, profile: keitar, postback: "https://x/?click_id={subid}"}
            """
        let errors = try #require(throws: ScenarioFileErrors.self) {
            try ScenarioLoader().load(yaml: yaml, file: "scenarios/x.yaml")
        }
        let first = try #require(errors.first)
        #expect(first.location == SourceLocation(file: "scenarios/x.yaml", line: 4, column: 24))
        #expect(
            first.message.hasPrefix(
                "unknown profile 'keitar' (expected appsflyer, adjust, voluum, bemob, binom, binom-half, branch, "
                    + "everflow, keitaro, mytracker, prosper202, redtrack, tune or a profile file; looked for "))
        #expect(first.message.contains("the profiles built into postback-harness"))
        #expect(first.message.hasSuffix("did you mean 'keitaro'?"))
        #expect(first.message.contains("scenarios/keitar.yaml"))
    }

    @Test func everyErrorOfAFileIsReportedInPositionOrder() throws {
        let yaml = """
            name: t
            campaigns:
              - {id: "1", status: activ, payout: "x"}
            clicks:
              - {campaign: "2", count: -1}
            trackers:
              - {name: a, profile: nope, postback: "https://x/"}
            traffic:
              - {tracker: b, convert: 1}
            expect:
              "1": {clicks: one}
            bogus: 1
            """
        let errors = try #require(throws: ScenarioFileErrors.self) {
            try ScenarioLoader().load(yaml: yaml, file: "s.yaml")
        }
        #expect(
            errors.errors.map { "\($0.line):\($0.column)" } == [
                "3:23", "3:38", "5:16", "5:28", "7:24", "9:15", "11:17", "12:1",
            ])
    }

    @Test func descriptionHasTheSourceLineAndACaret() throws {
        let yaml = "name: t\ncampaigns:\n  - {id: \"1\", status: activ}\n"
        let errors = try #require(throws: ScenarioFileErrors.self) {
            try ScenarioLoader().load(yaml: yaml, file: "scenarios/x.yaml")
        }
        let lines = try #require(errors.first).description.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[1] == "  - {id: \"1\", status: activ}")
        #expect(lines[2] == "                      ^")
    }

    @Test func caretKeepsTabsOfTheSourceLine() {
        let error = ScenarioFileError(file: "f", line: 2, column: 4, message: "m", sourceLine: "\t\tab")
        #expect(error.description == "f:2:4: error: m\n\t\tab\n\t\t ^")
    }
}
