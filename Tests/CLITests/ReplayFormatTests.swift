import Foundation
import Testing

/// `replay` reads each log format customers send: one fixture per format, replayed by the built
/// binary with the verdicts each line must get. Every fixture holds the same story where its
/// format can tell it: an accepted postback, its duplicate, an unsubstituted macro, a request
/// that is not a postback, a line that logs no request, and a POST whose body the log does not keep.
@Suite(.timeLimit(.minutes(2)))
struct ReplayFormatTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var format: String
        /// Substrings of the output, each on a line of its own.
        var lines: [String]
        /// `total lines read` (or entries) of the summary.
        var total: Int
        var testDescription: String { format }
    }

    static let cases: [Case] = [
        Case(
            file: "access.log", format: "combined",
            lines: [
                "line  1  GET /postback/advertiser?campaign_id=77&click_id=c77a  ->  HTTP 200 accepted",
                "line  8  skipped: GET /click/77 is not a postback: not replayed",
                "line  9  unreadable: not a combined access log line",
            ], total: 15),
        Case(
            file: "nginx-json.log", format: "json",
            lines: [
                "line 1  GET /postback/advertiser?campaign_id=77&click_id=j1  ->  HTTP 200 accepted",
                "line 2  GET /postback/advertiser?campaign_id=77&click_id=j1  ->  HTTP 200 duplicate",
                "line 3  not a request: no request: the connection closed before it sent one (status 400)",
                "line 4  skipped: GET /healthz is not a postback: not replayed",
                "line 5  GET /postback/advertiser?campaign_id=77&click_id={clickid}  ->  HTTP 400 rejected unsubstituted_macro",
                "line 6  POST /postback/advertiser?campaign_id=77  (body not logged)  ->  HTTP 400 rejected missing_parameter",
            ], total: 6),
        Case(
            file: "apache-combined-D.log", format: "combined",
            lines: [
                "line 1  GET /postback/advertiser?campaign_id=77&click_id=p1  ->  HTTP 200 accepted",
                "line 2  GET /postback/advertiser?campaign_id=77&click_id=p1  ->  HTTP 200 duplicate",
                #"line 3  not a request: no request: the connection closed before it sent one ("-" 408)"#,
                "line 4  skipped: GET /server-status is not a postback: not replayed",
                "line 5  GET /postback/advertiser?campaign_id=77&click_id=%7Bclickid%7D  ->  HTTP 400 rejected unsubstituted_macro",
                "line 6  POST /postback/advertiser?campaign_id=77  (body not logged)  ->  HTTP 400 rejected missing_parameter",
            ], total: 6),
        Case(
            file: "alb.log", format: "alb",
            lines: [
                "line 1  GET /postback/advertiser?campaign_id=77&click_id=b1  ->  HTTP 200 accepted",
                "line 2  GET /postback/advertiser?campaign_id=77&click_id=b1  ->  HTTP 200 duplicate",
                "line 3  not a request: no request: the load balancer could not read one (status 400)",
                "line 4  GET /postback/advertiser?campaign_id=77&click_id=%7Bclickid%7D  ->  HTTP 400 rejected unsubstituted_macro",
                "line 5  POST /postback/advertiser?campaign_id=77  (body not logged)  ->  HTTP 400 rejected missing_parameter",
            ], total: 5),
        Case(
            file: "cloudflare.json", format: "json",
            lines: [
                "line 1  GET /postback/advertiser?campaign_id=77&click_id=f1  ->  HTTP 200 accepted",
                "line 2  GET /postback/advertiser?campaign_id=77&click_id=f1  ->  HTTP 200 duplicate",
                "line 3  skipped: GET /healthz is not a postback: not replayed",
                "line 4  GET /postback/advertiser?campaign_id=77&click_id=%7Bclickid%7D  ->  HTTP 400 rejected unsubstituted_macro",
                "line 5  POST /postback/advertiser?campaign_id=77  (body not logged)  ->  HTTP 400 rejected missing_parameter",
            ], total: 5),
        Case(
            file: "session.har", format: "har",
            lines: [
                "entry 1  GET /postback/advertiser?campaign_id=77&click_id=h1  ->  HTTP 200 accepted",
                "entry 2  POST /postback/advertiser  ->  HTTP 200 accepted",
                "entry 4  unreadable: the entry has no request.method and request.url",
            ], total: 4),
        Case(
            file: "postbacks.txt", format: "urls",
            lines: [
                "line 2  GET /postback/advertiser?campaign_id=77&click_id=u1  ->  HTTP 200 accepted",
                "line 5  POST /postback/advertiser?campaign_id=77&click_id=u3&payout=2.00  (body not logged)  ->  HTTP 200 accepted",
                "line 6  unreadable: not a URL",
            ], total: 5),
        Case(
            file: "postbacks-export.json", format: "export",
            lines: [
                "entry 2  logged HTTP 404 rejected unknown_click, replayed HTTP 200 accepted",
                "entry 4  GET /postback/advertiser?campaign_id=77&click_id=x1  ->  HTTP 200 accepted",
                "entry 3  GET /postback/advertiser?campaign_id=77&click_id=x1  ->  HTTP 200 duplicate",
                "entry 2  GET /postback/advertiser?campaign_id=77&click_id=nope  ->  HTTP 200 accepted",
                "entry 1  POST /postback/advertiser  ->  HTTP 200 accepted",
            ], total: 4),
        Case(
            file: "appmetrica-postbacks.json", format: "appmetrica",
            lines: AppMetrica.lines, total: 6),
        Case(
            file: "appmetrica-postbacks.csv", format: "appmetrica",
            lines: AppMetrica.lines, total: 6),
    ]

    /// AppMetrica's postbacks export, JSON and CSV alike: an attempt answered 503 and its retry, a
    /// URL whose query is in postback_url_parameters, another partner's postback, an attempt
    /// without an answer, an entry without a URL.
    enum AppMetrica {
        static let lines = [
            "entry 1  logged HTTP 503, replayed HTTP 200 accepted",
            "entry 1  GET /postback/advertiser?campaign_id=77&click_id=m1  ->  HTTP 200 accepted",
            "entry 2  GET /postback/advertiser?campaign_id=77&click_id=m1  ->  HTTP 200 duplicate",
            "entry 3  GET /postback/advertiser?campaign_id=77&click_id={clickid}  ->  HTTP 400 rejected unsubstituted_macro",
            "entry 4  skipped: GET /s2s is not a postback: not replayed",
            "entry 5  GET /postback/advertiser?campaign_id=77&click_id=m2  ->  HTTP 200 accepted",
            "entry 6  unreadable: the entry has no postback_url",
        ]
    }

    @Test(
        "each format's fixture replays with the expected verdicts; the summary counts every line read", arguments: cases
    )
    func replay(_ format: Case) async throws {
        let output = try await HarnessBinary.run([
            "replay", "fixtures/logs/" + format.file, "--campaigns", "fixtures/logs/campaigns.yaml", "--assume-issued",
        ])
        #expect([0, 1].contains(output.exitCode), "stderr: \(output.stderr)")
        let out = output.stdout
        #expect(out.contains("(\(format.format)) against an embedded receiver"), "\(out)")
        let printed = out.split(separator: "\n").map(String.init)
        for line in format.lines {
            #expect(printed.contains { $0.hasPrefix(line) }, "'\(line)' in\n\(out)")
        }
        let unit = ["har", "export", "appmetrica"].contains(format.format) ? "entries" : "lines"
        let total = try #require(printed.first { $0.hasPrefix("  total \(unit) read") }, "\(out)")
        #expect(total.hasSuffix(" \(format.total)"), "\(total)")
        // The rows above the total add up to it.
        let summary = try #require(out.components(separatedBy: "Summary").last)
        let counts = summary.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.isEmpty }.dropFirst()
            .filter { !$0.contains("total") }.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
        #expect(counts.reduce(0, +) == format.total, "\(summary)")
    }

    @Test("a POST whose body is not in the log is judged on what is there, without blaming the tracker")
    func bodyNotLogged() async throws {
        let output = try await HarnessBinary.run([
            "replay", "fixtures/logs/nginx-json.log", "--campaigns", "fixtures/logs/campaigns.yaml", "--assume-issued",
        ])
        let out = output.stdout
        #expect(
            out.contains(
                "hint: the log does not keep request bodies: judged on the query alone; what is missing here may have been in the body."
            ), "\(out)")
        #expect(!out.contains("differ from the log"), "a missing body is no difference: \(out)")
        #expect(!out.contains("the postback URL must carry"), "no blame on the tracker: \(out)")
    }

    @Test("a HAR's warnings name entries, not lines")
    func harWarnings() async throws {
        let output = try await HarnessBinary.run(["replay", "fixtures/logs/session.har", "--assume-issued"])
        #expect(
            output.stderr.contains("warning: fixtures/logs/session.har: entry 4: the entry has no request"),
            "\(output.stderr)")
        #expect(!output.stderr.contains("line"), "\(output.stderr)")
    }
}
