import Foundation
import PostbackCore
import PostbackTesting
import Testing
import Trackers

@testable import Scenarios

/// What `learn` tells from hand-made logs, and what it says it cannot tell.
struct TrackerLearnerTests {
    static let clicks = ["k1", "k2", "k3"].map { ClickRecord(campaignID: "4521", clickID: $0) }

    static func learn(_ text: String, clicks: [ClickRecord] = clicks, timeScale: Double = 1) throws -> LearntTracker {
        let log = try LogParser.parse(text, file: "case.log")
        return try TrackerLearner(log: log, clicks: clicks, name: "t", file: "case.log", timeScale: timeScale).learn()
    }

    /// A combined log line at minute `minute` answered `status`.
    static func line(_ target: String, minute: Int = 0, status: Int = 200, agent: String = "Tracker/1.0") -> String {
        let time = String(format: "03/Nov/2025:14:%02d:00 +0000", minute)
        return "203.0.113.7 - - [\(time)] \"GET \(target) HTTP/1.1\" \(status) 99 \"-\" \"\(agent)\""
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var log: [String]
        /// The learnt template.
        var template: String
        /// Text that one of the "cannot tell" lines holds, if any.
        var unknown: String?
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "the click id as issued, constants literal, money and a status kept as ClickWall's",
            log: [
                line("/postback/advertiser?campaign_id=4521&click_id=k1&payout=1.50&status=approved&src=af"),
                line("/postback/advertiser?campaign_id=4521&click_id=k2&payout=0.75&status=pending&src=af", minute: 1),
            ],
            template:
                "https://clickwall.net/postback/advertiser?campaign_id=4521&click_id={click_id}&payout={payout}&status={status}&src=af",
            unknown: "https assumed"),
        Case(
            label: "a wrapped click id keeps the text around the macro",
            log: [
                line("/postback/advertiser?campaign_id=4521&click_id=cw-k1-x&sub=a"),
                line("/postback/advertiser?campaign_id=4521&click_id=cw-k2-x&sub=b", minute: 1),
            ],
            template: "https://clickwall.net/postback/advertiser?campaign_id=4521&click_id=cw-{click_id}-x&sub={sub}",
            unknown: nil),
        Case(
            label: "the click id in another parameter, a Unix time and an IP address",
            log: [
                line("/postback/advertiser?campaign_id=4521&cid=k1&ts=1762178400&ip=203.0.113.9"),
                line("/postback/advertiser?campaign_id=4521&cid=k2&ts=1762178460&ip=203.0.113.10", minute: 1),
            ],
            template: "https://clickwall.net/postback/advertiser?campaign_id=4521&cid={cid}&ts={ts}&ip={ip}",
            unknown: "whether values are encoded"),
        Case(
            label: "one postback: constants cannot be told from values",
            log: [line("/postback/advertiser?campaign_id=4521&click_id=k1&goal=lead")],
            template: "https://clickwall.net/postback/advertiser?campaign_id=4521&click_id={click_id}&goal=lead",
            unknown: "one conversion: cannot tell constants from values"),
        Case(
            label: "no failure and no repeat: the retry policy is unknown",
            log: [
                line("/postback/advertiser?campaign_id=4521&click_id=k1"),
                line("/postback/advertiser?campaign_id=4521&click_id=k2", minute: 1),
            ],
            template: "https://clickwall.net/postback/advertiser?campaign_id=4521&click_id={click_id}",
            unknown: "retry policy unknown"),
        Case(
            label: "spaces sent as '+' are encoded values, with the '+' named",
            log: [
                line("/postback/advertiser?campaign_id=4521&click_id=k1&city=New+York"),
                line("/postback/advertiser?campaign_id=4521&click_id=k2&city=San+Jose", minute: 1),
            ],
            template: "https://clickwall.net/postback/advertiser?campaign_id=4521&click_id={click_id}&city={city}",
            unknown: "spaces are sent as '+'"),
    ]

    @Test(arguments: cases)
    func learnsTheTemplateAndSaysWhatItCannotTell(_ testCase: Case) throws {
        let learnt = try Self.learn(testCase.log.joined(separator: "\n"))
        #expect(learnt.template == testCase.template)
        if let unknown = testCase.unknown {
            #expect(learnt.unknowns.contains { $0.contains(unknown) }, "\(learnt.unknowns)")
        }
    }

    @Test("a tracker's status words become a vocabulary, and the scenario sends ClickWall's")
    func statusVocabulary() throws {
        let learnt = try Self.learn(
            [
                Self.line("/postback/advertiser?campaign_id=4521&click_id=k1&status=sale"),
                Self.line("/postback/advertiser?campaign_id=4521&click_id=k2&status=lead", minute: 1),
            ].joined(separator: "\n"))
        #expect(learnt.vocabularies == ["status": ["approved": "sale", "pending": "lead"]])
        #expect(learnt.conversions.map { $0.values["status"] } == ["approved", "pending"])
        let profile = try TrackerProfileLoader.load(yaml: learnt.profileYAML(sourceName: "case.log"), file: "t.yaml")
            .get()
        #expect(profile.vocabularies["status"]?.word(for: "approved") == "sale")
    }

    @Test("a country the simulator derives from each click is learnt as such even when two clicks share it")
    func derivedValueEqualAcrossClicks() throws {
        // Two click ids whose derived countries are the same: the values are equal, yet not a constant.
        let ids = (1...200).map { "k\($0)" }
        let byCountry = Dictionary(grouping: ids, by: MacroValue.countryCode(for:))
        let pair = try #require(byCountry.values.first { $0.count >= 2 }).prefix(2)
        let country = MacroValue.countryCode(for: pair.first ?? "")
        let learnt = try Self.learn(
            pair.enumerated().map { index, id in
                Self.line("/postback/advertiser?campaign_id=4521&click_id=\(id)&geo=\(country)", minute: index)
            }.joined(separator: "\n"),
            clicks: pair.map { ClickRecord(campaignID: "4521", clickID: $0) })
        let geo = try #require(learnt.parameters.first { $0.name == "geo" })
        #expect(geo.macroValue == .countryCode)
        #expect(geo.macroName != nil)
    }

    @Test("values with raw reserved characters are not encoded; a decimal comma is money ClickWall refuses")
    func encodingAndDecimalComma() throws {
        let learnt = try Self.learn(
            [
                Self.line("/postback/advertiser?campaign_id=4521&click_id=k1&revenue=1,50&at=2025-11-03T14:00:00Z"),
                Self.line(
                    "/postback/advertiser?campaign_id=4521&click_id=k2&revenue=2,00&at=2025-11-03T14:01:00Z", minute: 1),
            ].joined(separator: "\n"))
        #expect(!learnt.encodesValues)
        let revenue = try #require(learnt.parameters.first { $0.name == "revenue" })
        #expect(revenue.macroValue == .extra("revenue"))
        #expect(revenue.finding.contains("decimal comma"))
        #expect(learnt.parameters.first { $0.name == "at" }?.macroValue == .dateTime)
    }

    @Test("retries after 5xx: the sends in all and the delay, divided by the time scale")
    func retriesAfterServerErrors() throws {
        let failing = "/postback/advertiser?campaign_id=4521&click_id=k1"
        let log = [
            Self.line(failing, minute: 0, status: 503), Self.line(failing, minute: 15, status: 503),
            Self.line(failing, minute: 30, status: 503),
            Self.line("/postback/advertiser?campaign_id=4521&click_id=k2", minute: 31),
        ]
        let learnt = try Self.learn(log.joined(separator: "\n"))
        #expect(learnt.retry == RetryPolicy(conditions: [.serverError], maxAttempts: 3, delays: [.seconds(900)]))
        #expect(learnt.userAgent == "Tracker/1.0")
        #expect(learnt.conversions.map(\.sends) == [3, 1])
        let scaled = try Self.learn(log.joined(separator: "\n"), timeScale: 60)
        #expect(scaled.retry.delays == [.seconds(15)])
    }

    @Test(
        "a measured delay snaps to the common delay it overshoots by at most 20 %, or by the lag allowed",
        arguments: [
            (61.0, 0.0, 60.0), (71.0, 0.0, 60.0), (86.0, 0.0, 86.0), (86.0, 29.0, 60.0), (95.0, 29.0, 95.0),
            (301.0, 29.0, 300.0), (2.9, 0.0, 3.0),
        ])
    func delaySnapping(measured: Double, lag: Double, learnt: Double) {
        #expect(TrackerLearner.snap(measured, lateBy: lag) == .milliseconds(Int64(learnt * 1000)))
    }

    @Test("a sender that answers 5xx without sending again does not retry")
    func noRetryAfterServerError() throws {
        let learnt = try Self.learn(
            [
                Self.line("/postback/advertiser?campaign_id=4521&click_id=k1", status: 503),
                Self.line("/postback/advertiser?campaign_id=4521&click_id=k2", minute: 1),
            ].joined(separator: "\n"))
        #expect(learnt.retry == .never)
        #expect(learnt.findings.contains { $0.contains("retries: none") })
    }

    @Test(
        "input no profile can come from is an error naming the log",
        arguments: [
            ("/postback/advertiser?campaign_id=4521&click_id=zz", "no parameter of the postbacks carries a click id"),
            ("/postback/advertiser?campaign_id=4521&click_id=azE=", "Base64-encoded in click_id"),
        ])
    func badInput(_ target: String, _ message: String) throws {
        #expect {
            try Self.learn(Self.line(target))
        } throws: { error in
            let text = (error as? ReplayInputError)?.message ?? ""
            return text.hasPrefix("case.log: ") && text.contains(message)
        }
    }
}

/// `learn` reads AppMetrica's export of the postbacks it sent like any other log.
struct AppMetricaLearnTests {
    @Test("AppMetrica's export: the retry after a 503 three minutes later, as its documentation says")
    func retryFromTheExport() throws {
        let text = try String(
            contentsOf: PackageRoot.fixture("logs/appmetrica-postbacks.json"), encoding: .utf8)
        let log = try LogParser.parse(text, file: "appmetrica-postbacks.json")
        #expect(log.format == .appmetrica)
        let learnt = try TrackerLearner(
            log: log,
            clicks: [ClickRecord(campaignID: "77", clickID: "m1"), ClickRecord(campaignID: "77", clickID: "m2")],
            name: "appmetrica", file: "appmetrica-postbacks.json"
        ).learn()
        #expect(learnt.retry.conditions == [.serverError])
        #expect(learnt.retry.delays == [.seconds(180)])
        #expect(learnt.unknowns.contains { $0.contains("1 postback without an issued click id in click_id") })
    }
}

/// Without the clicks, the click id is taken to be where ClickWall reads it, and that is said.
struct LearnWithoutClicksTests {
    @Test("no clicks file: click_id is taken as the click id and each conversion keeps its own")
    func withoutClicks() throws {
        let log = try LogParser.parse(
            "GET /postback/advertiser?campaign_id=1&click_id=a\nGET /postback/advertiser?campaign_id=1&click_id=b\n",
            file: "urls.txt")
        let learnt = try TrackerLearner(log: log, clicks: [], name: "t", file: "urls.txt").learn()
        #expect(learnt.template == "https://clickwall.net/postback/advertiser?campaign_id=1&click_id={click_id}")
        #expect(learnt.conversions.map(\.clickID) == ["a", "b"])
        #expect(learnt.unknowns.contains { $0.contains("no clicks given (--clicks)") })
        #expect(learnt.unknowns.contains { $0.contains("does not record the User-Agent") })
    }
}
