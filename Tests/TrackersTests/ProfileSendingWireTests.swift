import Foundation
import PostbackCore
import PostbackTesting
import Receiver
import Testing
import Trackers

/// What the profile keys on writing values and on sends (`encoding`, `defaults`, `money_format`,
/// `{click_param: …}`, `split_urls`, `success`, `report_upstream`) put on the wire: each case
/// clicks through a real receiver on 127.0.0.1, fills and sends through libcurl, and reads back
/// the receiver's postback log.
@Suite(.timeLimit(.minutes(1)))
struct ProfileSendingWireTests {
    /// A profile with `[[x]]` macros and the keys `extra` (YAML lines) on top.
    static func profile(_ extra: String) throws -> TrackerProfile {
        let yaml = """
            name: t
            syntax: ["[[x]]"]
            click_param: cw
            macros: {cid: click_id, payout: payout, note: {value: note}, sub3: {click_param: sub_id_3}}
            user_agent: "t/1"
            \(extra)
            """
        return try TrackerProfileLoader.load(yaml: yaml, file: "t.yaml").get()
    }

    static let campaignJSON =
        #"{"status": "active", "type": "cpi", "payout": "1.00", "tracking_link": "https://trk.example/c?cw={click_id}&sub_id_3=banner%207"}"#

    /// One conversion through `profile`: a click, the templates of `field` (split as the profile
    /// splits), each filled with `values` and sent. Returns every piece's attempts and the
    /// postback log (raw target and result), oldest first.
    static func convert(
        profile: TrackerProfile, field: String, values: ConversionValues, faults: ReceiverFaults? = nil
    ) async throws -> (clickID: String, attempts: [[SendAttempt]], log: [Logged]) {
        try await withWireReceiver(faults: faults) { wire in
            let (location, clickID) = try await wire.click(campaignID: "77", campaignJSON: campaignJSON)
            let captured = profile.capture(fromTrackingURL: location)
            var filled = values
            filled.clickID = captured.clickID
            filled.clickParameters = captured.parameters
            var attempts: [[SendAttempt]] = []
            for template in profile.postbackTemplates(for: captured, trackerEvent: nil, configured: [field]) {
                attempts.append(
                    await wire.sender.send(profile.fill(template: template, values: filled), profile: profile))
            }
            let log = try await wire.log(campaignID: "77").reversed().map {
                Logged(url: $0["url"] as? String ?? "", result: $0["result"] as? String ?? "")
            }
            return (clickID, attempts, log)
        }
    }

    /// One line of the receiver's postback log.
    struct Logged: Sendable {
        var url: String
        var result: String
    }

    static let base = "https://clickwall.net/postback/advertiser?campaign_id=77&click_id=[[cid]]"

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var keys: String
        var values: ConversionValues
        /// The query after `click_id=<id>` as it arrived, raw.
        var arrived: String
        var result: String
        var testDescription: String { label }
    }

    static let valueCases: [Case] = [
        .init(
            label: "RFC 3986 by default: a space is %20, @ is encoded", keys: "",
            values: ConversionValues(clickID: nil, extra: ["note": "a b@c+d"]), arrived: "&note=a%20b%40c%2Bd",
            result: "accepted"),
        .init(
            label: "a space sent as +", keys: "encoding: {space: \"+\"}",
            values: ConversionValues(clickID: nil, extra: ["note": "a b@c+d"]), arrived: "&note=a+b%40c%2Bd",
            result: "accepted"),
        .init(
            label: "@ kept as it is (Prosper202)", keys: "encoding: {space: \"%20\", keep: \"@\"}",
            values: ConversionValues(clickID: nil, extra: ["note": "a b@c+d"]), arrived: "&note=a%20b@c%2Bd",
            result: "accepted"),
        .init(
            label: "payout as given", keys: "", values: ConversionValues(clickID: nil, payout: "2.5"),
            arrived: "&payout=2.5", result: "accepted"),
        .init(
            label: "payout with five decimals (Prosper202)", keys: "money_format: {decimals: 5}",
            values: ConversionValues(clickID: nil, payout: "2.5"), arrived: "&payout=2.50000", result: "accepted"),
        .init(
            label: "payout rounded half up to two decimals", keys: "money_format: {decimals: 2}",
            values: ConversionValues(clickID: nil, payout: "2.505"), arrived: "&payout=2.51", result: "accepted"),
        .init(
            label: "a bad payout is sent as given whatever the format", keys: "money_format: {decimals: 2}",
            values: ConversionValues(clickID: nil, payout: "1,20"), arrived: "&payout=1%2C20", result: "rejected"),
        .init(
            label: "no payout and no default: sent empty", keys: "", values: ConversionValues(clickID: nil),
            arrived: "&payout=", result: "accepted"),
        .init(
            label: "no payout: the macro's default is sent", keys: "defaults: {payout: \"0\"}",
            values: ConversionValues(clickID: nil), arrived: "&payout=0", result: "accepted"),
        .init(
            label: "the default goes through the money format",
            keys: "defaults: {payout: \"0\"}\nmoney_format: {decimals: 5}", values: ConversionValues(clickID: nil),
            arrived: "&payout=0.00000", result: "accepted"),
        .init(
            label: "a payout the conversion has wins over the default", keys: "defaults: {payout: \"0\"}",
            values: ConversionValues(clickID: nil, payout: "3"), arrived: "&payout=3", result: "accepted"),
    ]

    @Test(arguments: valueCases)
    func valuesAsTheTrackerWritesThem(_ item: Case) async throws {
        let profile = try Self.profile(item.keys)
        let macro = item.arrived.hasPrefix("&note") ? "&note=[[note]]" : "&payout=[[payout]]"
        let sent = try await Self.convert(profile: profile, field: Self.base + macro, values: item.values)
        let entry = try #require(sent.log.first)
        #expect(sent.log.count == 1)
        #expect(entry.url == "/postback/advertiser?campaign_id=77&click_id=\(sent.clickID)\(item.arrived)")
        #expect(entry.result == item.result)
    }

    @Test func aClickParameterBecomesAMacro() async throws {
        let profile = try Self.profile("")
        // The tracking link passed sub_id_3=banner%207; [[SUB3]] matches only with case_insensitive_macros.
        let sent = try await Self.convert(
            profile: profile, field: Self.base + "&src=[[sub3]]&other=[[SUB3]]", values: ConversionValues(clickID: nil))
        let url = try #require(sent.log.first?.url)
        #expect(url.hasSuffix("&src=banner%207&other=[[SUB3]]"))
    }

    struct SplitCase: Sendable, CustomTestStringConvertible {
        var label: String
        var split: String
        var field: String
        /// The request targets that arrived, in order, after `click_id=<id>`.
        var arrived: [String]
        /// How each piece's send ended.
        var outcomes: [String]
        var testDescription: String { label }
    }

    static let splitCases: [SplitCase] = [
        .init(
            label: "two URLs in one field, split at spaces: two postbacks", split: "spaces",
            field: base + "&n=1  " + base + "&n=2", arrived: ["&n=1", "&n=2"], outcomes: ["answered", "answered"]),
        .init(
            label: "a stray space splits one URL into two sends", split: "spaces", field: base + "&note=a b",
            arrived: ["&note=a"], outcomes: ["answered", "not_sent"]),
        .init(
            label: "one URL a line, split at line breaks", split: "lines", field: base + "&n=1\n" + base + "&n=2\n",
            arrived: ["&n=1", "&n=2"], outcomes: ["answered", "answered"]),
        .init(
            label: "not split: a space breaks the one request", split: "none", field: base + "&note=a b",
            arrived: [], outcomes: ["connection_failed"]),
    ]

    @Test(arguments: splitCases)
    func severalURLsInOneField(_ item: SplitCase) async throws {
        let profile = try Self.profile("split_urls: \(item.split)")
        let sent = try await Self.convert(profile: profile, field: item.field, values: ConversionValues(clickID: nil))
        #expect(sent.attempts.map { $0.last?.outcome.wireName ?? "" } == item.outcomes)
        let prefix = "/postback/advertiser?campaign_id=77&click_id=\(sent.clickID)"
        #expect(sent.log.map { $0.url.replacingOccurrences(of: prefix, with: "") } == item.arrived)
    }

    struct ReportCase: Sendable, CustomTestStringConvertible {
        var label: String
        var keys: String
        /// The status the receiver answers without recording, or `nil` for its verdict.
        var refuse: Int?
        var delivered: Bool
        var reportedSuccess: Bool
        var testDescription: String { label }
    }

    static let reportCases: [ReportCase] = [
        .init(label: "delivered, reported so", keys: "", refuse: nil, delivered: true, reportedSuccess: true),
        .init(label: "a 503 is a failure", keys: "", refuse: 503, delivered: false, reportedSuccess: false),
        .init(
            label: "a 302 is a failure for a 2xx-only tracker", keys: "", refuse: 302, delivered: false,
            reportedSuccess: false),
        .init(
            label: "a 302 counts as success for a tracker that takes 3xx", keys: "success: [2xx, 3xx]", refuse: 302,
            delivered: false, reportedSuccess: true),
        .init(
            label: "a tracker that reports success whatever happened", keys: "report_upstream: always_success",
            refuse: 503, delivered: false, reportedSuccess: true),
    ]

    @Test(arguments: reportCases)
    func whatTheTrackerReportsUpstream(_ item: ReportCase) async throws {
        let profile = try Self.profile(item.keys)
        let faults = ReceiverFaults()
        if let status = item.refuse { _ = faults.arm(.init(action: .refuse(status: status), count: 1)) }
        let sent = try await Self.convert(
            profile: profile, field: Self.base, values: ConversionValues(clickID: nil), faults: faults)
        let attempts = try #require(sent.attempts.first)
        let report = profile.deliveryReport(after: attempts)
        #expect(attempts.last?.status == item.refuse ?? 200)
        #expect(report.delivered == item.delivered)
        #expect(report.reportedSuccess == item.reportedSuccess)
        #expect(report.isMisreported == (item.delivered != item.reportedSuccess))
        // What really happened: the receiver recorded the postback only when it was delivered.
        #expect((sent.log.first?.result == "accepted") == item.delivered)
    }

    @Test func anyFailureRetriesWhatTheTrackerDoesNotCountAsSuccess() async throws {
        let strict = try Self.profile("retry: {on: [any_failure], max_attempts: 2}")
        let lax = try Self.profile("retry: {on: [any_failure], max_attempts: 2}\nsuccess: [2xx, 3xx]")
        for (profile, sends) in [(strict, 2), (lax, 1)] {
            let faults = ReceiverFaults()
            _ = faults.arm(.init(action: .refuse(status: 302), count: 1))
            let sent = try await Self.convert(
                profile: profile, field: Self.base, values: ConversionValues(clickID: nil), faults: faults)
            #expect(sent.attempts.first?.count == sends)
        }
    }
}
