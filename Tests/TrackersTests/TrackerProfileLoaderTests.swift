import Foundation
import PostbackTesting
import Testing
import Trackers

struct TrackerProfileLoaderTests {
    @Test(arguments: ["keitaro.yaml", "binom.yaml", "everflow.yaml"])
    func shippedProfilesLoad(_ name: String) throws {
        let url = PackageRoot.fixture("trackers/\(name)")
        let profile = try TrackerProfileLoader.load(url: url, displayPath: "fixtures/trackers/\(name)").get()
        #expect(profile.name + ".yaml" == name)
        #expect(profile.macros.values.contains(.clickID))
        #expect(profile.macros.values.contains(.trackerClickID))
    }

    @Test func keitaroProfileAsWritten() throws {
        let url = PackageRoot.fixture("trackers/keitaro.yaml")
        let profile = try TrackerProfileLoader.load(url: url, displayPath: "keitaro.yaml").get()
        #expect(profile.clickParameter == "external_id")
        #expect(profile.macroSyntaxes == [.braces])
        #expect(profile.encodesValues)
        #expect(profile.rawMacroPrefix == "_")
        #expect(profile.timeouts == .init(connect: .seconds(5), total: .seconds(10)))
        #expect(profile.retry == .never)
        let url1 = profile.fill(
            template: "https://clickwall.net/postback/advertiser?campaign_id=7&click_id={external_id}&payout={revenue}",
            values: ConversionValues(clickID: "k/1", amount: "0.50"))
        #expect(url1 == "https://clickwall.net/postback/advertiser?campaign_id=7&click_id=k%2F1&payout=0.50")
    }

    @Test func everyOptionOfAProfileFile() throws {
        let yaml = """
            name: full
            syntax: ["{x}", "(x)", "%%X%%", "${(x)!}", "__X__", "[[x]]", "[x]", "#x#", "%x%", "{{x}}"]
            click_param: cid
            macros:
              cid: click_id
              own: tracker_click_id
              k: {constant: "fixed"}
              sub: {value: sub1}
              lit: literal
              nothing: empty
            raw_prefix: "raw_"
            unknown_macro: encoded
            missing_value: literal
            encode_values: false
            method: POST
            timeout: {connect: 500ms, total: 2s}
            retry: {on: [5xx, timeout, connection_failure, any_failure], max_attempts: 4, delays: [1s, 1m, 1h]}
            user_agent: "Full/1"
            follow_redirects: true
            fire_on_repeated_transaction: false
            postback_percent: 50
            postbacks: ["https://a/?c={cid}", "https://b/?c={cid}"]
            """
        let profile = try TrackerProfileLoader.load(yaml: yaml, file: "full.yaml").get()
        #expect(profile.macroSyntaxes.count == 10)
        #expect(profile.macros["k"] == .constant("fixed"))
        #expect(profile.macros["sub"] == .extra("sub1"))
        #expect(profile.macros["lit"] == .literal)
        #expect(profile.unknownMacro == .encoded)
        #expect(profile.missingValue == .literal)
        #expect(!profile.encodesValues)
        #expect(profile.method == .post)
        #expect(profile.timeouts == .init(connect: .milliseconds(500), total: .seconds(2)))
        #expect(profile.retry.conditions == Set(RetryCondition.allCases))
        #expect(profile.retry.maxAttempts == 4)
        #expect(profile.retry.delays == [.seconds(1), .seconds(60), .seconds(3600)])
        #expect(profile.userAgent == "Full/1")
        #expect(profile.followsRedirects)
        #expect(!profile.firesOnRepeatedTransaction)
        #expect(profile.postbackPercent == 50)
        #expect(profile.postbacks.count == 2)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var label: String
        var yaml: String
        var expected: String
        var testDescription: String { label }
    }

    static let base = "name: p\nclick_param: cid\nmacros: {cid: click_id}\n"

    static let errorCases: [ErrorCase] = [
        .init(
            label: "not YAML", yaml: "name: p\nmacros: {cid: click_id\n",
            expected:
                "p.yaml:3:1: error: not YAML: did not find expected ',' or '}' (while parsing a flow mapping at 2:9)"),
        .init(
            label: "unknown key", yaml: base + "encode_value: true\n",
            expected:
                "p.yaml:4:1: error: unknown key 'encode_value' (expected one of: \(TrackerProfileLoader.keys.joined(separator: ", "))); did you mean 'encode_values'?"
        ),
        .init(
            label: "unknown nested key", yaml: base + "retry: {on: [5xx], max_attempts: 2, delay: [1s]}\n",
            expected:
                "p.yaml:4:37: error: unknown key 'delay' (expected one of: on, max_attempts, delays); did you mean 'delays'?"
        ),
        .init(
            label: "missing key", yaml: "name: p\nmacros: {cid: click_id}\n",
            expected: "p.yaml:1:1: error: missing required key 'click_param' in tracker profile"),
        .init(
            label: "bad syntax", yaml: base + "syntax: [\"{x}\", \"<x>\"]\n",
            expected:
                "p.yaml:4:17: error: bad value '<x>' for 'syntax' (expected one of: {x}, {{x}}, %7Bx%7D, (x), [x], [[x]], #x#, %x%, %%X%%, ${x}, __X__)"
        ),
        .init(
            label: "bad macro source", yaml: "name: p\nclick_param: cid\nmacros:\n  cid: clickid\n",
            expected:
                "p.yaml:4:8: error: bad value 'clickid' for 'macros.cid' (expected one of: activity_kind, amount, campaign_id, click_id, country, currency, datetime, device_id, empty, event, ip, literal, payout, random_number, status, time, tracker_click_id, tracker_event, txid, {constant: …}, {value: …}, {text: …}, {click_param: …}); did you mean 'click_id'?"
        ),
        .init(
            label: "wrong type", yaml: base + "encode_values: maybe\n",
            expected: "p.yaml:4:16: error: 'encode_values' must be true or false, found 'maybe'"),
        .init(
            label: "bad duration", yaml: base + "timeout: {connect: 5 seconds}\n",
            expected:
                "p.yaml:4:20: error: bad duration '5 seconds' for 'connect': expected a number and a unit (ms, s, m, h, d), such as 15m or 40d"
        ),
        .init(
            label: "bad retry condition", yaml: base + "retry:\n  on: [5xx, timout]\n  max_attempts: 3\n",
            expected:
                "p.yaml:5:13: error: bad value 'timout' for 'on' (expected one of: 5xx, timeout, connection_failure, any_failure); did you mean 'timeout'?"
        ),
        .init(
            label: "percent out of range", yaml: base + "postback_percent: 150\n",
            expected: "p.yaml:4:19: error: 'postback_percent' must be between 0 and 100, found 150"),
        .init(
            label: "bad method", yaml: base + "method: PUT\n",
            expected: "p.yaml:4:9: error: bad value 'PUT' for 'method' (expected one of: get, post)"),
        .init(
            label: "not a mapping", yaml: "- a\n- b\n",
            expected: "p.yaml:1:1: error: 'tracker profile' must be a mapping, found a list"),
        .init(
            label: "bad space encoding", yaml: base + "encoding: {space: \"_\"}\n",
            expected:
                "p.yaml:4:19: error: bad value '_' for 'encoding.space' (expected one of: %20, +); did you mean '+'?"),
        .init(
            label: "kept character that is not punctuation", yaml: base + "encoding: {keep: \"@é\"}\n",
            expected:
                "p.yaml:4:18: error: 'encoding.keep' may hold only ASCII punctuation other than '%', found 'é'"),
        .init(
            label: "default for a macro the profile lacks", yaml: base + "defaults: {payot: \"0\"}\n",
            expected:
                "p.yaml:4:12: error: 'defaults' names 'payot', which is not a macro of this profile (its macros: cid)"),
        .init(
            label: "bad money format", yaml: base + "money_format: two\n",
            expected:
                "p.yaml:4:15: error: bad value 'two' for 'money_format' (expected one of: as_given, {decimals: N})"),
        .init(
            label: "status ClickWall does not have", yaml: base + "fire_on_statuses: [approved, sale]\n",
            expected:
                "p.yaml:4:30: error: bad value 'sale' for 'fire_on_statuses' (expected one of: pending, approved, declined)"
        ),
        .init(
            label: "bad split", yaml: base + "split_urls: commas\n",
            expected:
                "p.yaml:4:13: error: bad value 'commas' for 'split_urls' (expected one of: none, spaces, lines, whitespace)"
        ),
        .init(
            label: "bad answer class", yaml: base + "success: [2xx, 1xx]\n",
            expected:
                "p.yaml:4:16: error: bad value '1xx' for 'success' (expected one of: 2xx, 3xx, 4xx, 5xx); did you mean '2xx'?"
        ),
        .init(
            label: "bad upstream report", yaml: base + "report_upstream: always_succes\n",
            expected:
                "p.yaml:4:18: error: bad value 'always_succes' for 'report_upstream' (expected one of: delivery, always_success); did you mean 'always_success'?"
        ),
        .init(
            label: "duplicate key", yaml: base + "name: q\n",
            expected: "p.yaml:1:1: error: duplicate key 'name': each key may appear once in a mapping"),
    ]

    @Test(arguments: errorCases)
    func errorsArePositioned(_ testCase: ErrorCase) throws {
        let result = TrackerProfileLoader.load(yaml: testCase.yaml, file: "p.yaml")
        guard case .failure(let errors) = result else {
            Issue.record("expected an error")
            return
        }
        let first = try #require(errors.first)
        #expect(first.summary == testCase.expected)
    }

    @Test func allErrorsOfAFileAreCollected() {
        let yaml = "name: p\nclick_param: [a]\nmacros: {cid: nope}\nmethod: put2\nextra: 1\n"
        guard case .failure(let errors) = TrackerProfileLoader.load(yaml: yaml, file: "p.yaml") else {
            Issue.record("expected errors")
            return
        }
        #expect(errors.errors.map { "\($0.line):\($0.column)" } == ["2:14", "3:15", "4:9", "5:1"])
    }

    @Test func snippetAndCaretFollowTheMessage() {
        let yaml = "name: p\nclick_param: cid\nmacros:\n  cid: clik_id\n"
        guard case .failure(let failure) = TrackerProfileLoader.load(yaml: yaml, file: "p.yaml"),
            let error = failure.first
        else {
            Issue.record("expected an error")
            return
        }
        let lines = error.description.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[1] == "  cid: clik_id")
        #expect(lines[2] == "       ^")
    }

    @Test func missingFileIsNamed() {
        #expect(throws: ScenarioFileErrors.self) { try TrackerProfileLoader.load(path: "/nonexistent/p.yaml") }
        guard
            case .failure(let errors) = TrackerProfileLoader.load(
                url: URL(fileURLWithPath: "/nonexistent/p.yaml"), displayPath: "p.yaml")
        else { return }
        #expect(errors.first?.summary.hasPrefix("p.yaml: error: cannot read file") == true)
    }
}
