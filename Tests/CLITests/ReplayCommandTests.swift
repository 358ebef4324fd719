import Foundation
import PostbackCore
import PostbackTesting
import Receiver
import Store
import Testing

/// `postback-harness replay` end to end: logs in each format, bad inputs, and replay → emit →
/// `run` giving the same statistics.
@Suite(.timeLimit(.minutes(2)))
struct ReplayCommandTests {
    static let logs = "fixtures/logs/"
    static let setup = ["--campaigns", logs + "campaigns.yaml", "--clicks", logs + "clicks.csv"]

    @Test("an access log: a verdict per line with reason and hint, unreadable lines named, a summary")
    func accessLog() async throws {
        let output = try await HarnessBinary.run(["replay", Self.logs + "access.log"] + Self.setup)
        #expect(output.exitCode == 1, "stderr: \(output.stderr)")
        let out = output.stdout
        #expect(
            out.contains("Replaying 13 postbacks from fixtures/logs/access.log (combined) against an embedded receiver")
        )
        #expect(out.contains("campaigns: 77, 88 (from fixtures/logs/campaigns.yaml)"))
        #expect(out.contains("clicks issued: 7 (fixtures/logs/clicks.csv)"))
        #expect(out.contains("line  1  GET /postback/advertiser?campaign_id=77&click_id=c77a  ->  HTTP 200 accepted"))
        #expect(out.contains("line  2  GET /postback/advertiser?campaign_id=77&click_id=c77a  ->  HTTP 200 duplicate"))
        #expect(out.contains("->  HTTP 200 status_updated"))
        #expect(out.contains("click_id=zzz  ->  HTTP 404 rejected unknown_click"))
        #expect(
            out.contains(
                "->  HTTP 400 rejected missing_parameter\n         hint: missing click_id; the request has 'amp;click_id'"
            ))
        #expect(out.contains("->  HTTP 400 rejected unsubstituted_macro"))
        #expect(out.contains("->  HTTP 409 rejected campaign_mismatch"))
        #expect(out.contains("line  8  skipped: GET /click/77 is not a postback: not replayed"))
        #expect(
            out.contains("line  9  unreadable: not a combined access log line: 'this line was cut by log rotation'"))
        #expect(out.contains("->  HTTP 400 rejected invalid_parameter"))
        #expect(out.contains("->  HTTP 410 rejected click_expired"))
        #expect(out.contains("->  HTTP 404 rejected unknown_campaign"))
        #expect(out.contains("\n  rejected missing_parameter      2\n"))
        #expect(out.contains("\n  unreadable lines                1\n"))
        #expect(out.contains("\n  not postbacks (skipped)         1\n"))
        #expect(out.contains("\n  total lines read               15\n"), "\(out)")
        #expect(
            out.contains(
                "  campaign 77: clicks 5, conversions 2 (approved 1, pending 0, declined 1), duplicates 1, status updates 1"
            ))
        #expect(output.stderr.contains("warning: fixtures/logs/access.log:9: not a combined access log line"))
    }

    @Test("a log from months ago is judged at its logged times; the answers that differ from the log come first")
    func loggedTime() async throws {
        let output = try await HarnessBinary.run([
            "replay", Self.logs + "support-case.log", "--campaigns", Self.logs + "support-campaigns.yaml", "--clicks",
            Self.logs + "support-clicks.csv",
        ])
        #expect(output.exitCode == 1, "stderr: \(output.stderr)")
        let out = output.stdout
        #expect(
            out.contains(
                "clock: each postback judged at the time it was logged (2025-11-03T14:00:01Z … 2025-11-03T14:12:30Z)"))
        #expect(!out.contains("judged now"))
        let differences = try #require(out.range(of: "2 answers differ from the log:\n"))
        let firstVerdict = try #require(out.range(of: "line 1  GET "))
        #expect(differences.upperBound < firstVerdict.lowerBound, "the differences are listed first")
        #expect(
            out.contains(
                "line 3  logged HTTP 503, replayed HTTP 200 accepted\n        why: the receiver could not decide then"))
        #expect(
            out.contains(
                "line 6  logged HTTP 200, replayed HTTP 404 rejected unknown_click\n        why: the receiver took it then; here it is refused"
            ))
        // Clicks a day old when the postbacks came, judged then: accepted, not click_expired.
        #expect(out.contains("line 1  GET /postback/advertiser?campaign_id=4521&click_id=k1  ->  HTTP 200 accepted"))
        #expect(out.contains("line 2  GET /postback/advertiser?campaign_id=4521&click_id=k2  ->  HTTP 200 accepted"))
        #expect(out.contains("click_id=k5  ->  HTTP 410 rejected click_expired"))
    }

    @Test("an emitted scenario reads like a written one: ages in whole units, money as written, the scheme kept")
    func emittedReadsLikeWritten() async throws {
        let folder = try HarnessBinary.temporaryFolder()
        let scenario = folder.appendingPathComponent("support.yaml").path
        let replay = try await HarnessBinary.run([
            "replay", Self.logs + "support-case.log", "--campaigns", Self.logs + "support-campaigns.yaml", "--clicks",
            Self.logs + "support-clicks.csv", "--emit-scenario", scenario,
        ])
        #expect(replay.exitCode == 1, "stderr: \(replay.stderr)")
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
        for age in ["age: 1d}", "age: 6h}", "age: 30m}", "age: 44d}"] {
            #expect(text.contains(age), "\(age) in \(text)")
        }
        #expect(text.contains(#"payout: "1.20""#), "\(text)")
        #expect(text.contains(#"payout_total: "3.60""#), "\(text)")
        #expect(
            text.contains("# https assumed where the log does not say http or https, as ClickWall's postback URLs are.")
        )
        let run = try await HarnessBinary.run(["run", scenario])
        #expect(run.exitCode == 0, "stdout: \(run.stdout) stderr: \(run.stderr)")

        let log = folder.appendingPathComponent("plain.txt")
        try "http://clickwall.net/postback/advertiser?campaign_id=5&click_id=a&payout=0.80\n"
            .write(to: log, atomically: true, encoding: .utf8)
        let plain = folder.appendingPathComponent("plain.yaml").path
        let second = try await HarnessBinary.run(["replay", log.path, "--assume-issued", "--emit-scenario", plain])
        #expect(second.exitCode == 0, "stderr: \(second.stderr)")
        let plainText = try String(contentsOfFile: plain, encoding: .utf8)
        #expect(
            plainText.contains(
                #"postback: "http://clickwall.net/postback/advertiser?campaign_id=5&click_id={clickid}&payout=0.80""#),
            "\(plainText)")
        #expect(plainText.contains(#"payout_total: "0.80""#), "\(plainText)")
        #expect(!plainText.contains("https"), "\(plainText)")
    }

    @Test("an emitted scenario uses only the keys that the README's scenario table documents")
    func emittedKeysAreDocumented() async throws {
        let folder = try HarnessBinary.temporaryFolder()
        let scenario = folder.appendingPathComponent("keys.yaml").path
        _ = try await HarnessBinary.run(
            ["replay", Self.logs + "access.log", "--emit-scenario", scenario] + Self.setup)
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
        let readme = try String(
            contentsOf: PackageRoot.url.appendingPathComponent("README.md"), encoding: .utf8)
        for section in ["campaigns", "clicks", "trackers", "traffic"] {
            let row = try #require(readme.split(separator: "\n").first { $0.hasPrefix("| `\(section)` |") })
            let documented = Set(
                row.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) })
            let block = text.components(separatedBy: "\n\(section):\n").dropFirst().first ?? ""
            for line in block.split(separator: "\n").prefix { $0.hasPrefix("  - {") } {
                for match in line.matches(of: /[{,] ([a-z_]+):/) {
                    #expect(
                        documented.contains(String(match.1)), "\(section): '\(match.1)' is not in the README: \(row)")
                }
            }
        }
    }

    @Test("replay → --emit-scenario → run gives the same statistics")
    func emitThenRun() async throws {
        let folder = try HarnessBinary.temporaryFolder()
        let scenario = folder.appendingPathComponent("replayed.yaml").path
        let replay = try await HarnessBinary.run(
            ["replay", Self.logs + "access.log", "--emit-scenario", scenario] + Self.setup)
        #expect(replay.exitCode == 1)
        #expect(replay.stdout.contains("Wrote \(scenario): run it with `postback-harness run \(scenario)`."))
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
        #expect(
            text.contains(
                #""77": {clicks: 5, conversions: 2, conversions_by_status: {approved: 1, pending: 0, declined: 1}, duplicates: 1, status_updates: 1, rejected: {campaign_mismatch: 1, click_expired: 1, invalid_parameter: 1, missing_parameter: 1, unknown_click: 1, unsubstituted_macro: 1}, payout_total: "3.10"}"#
            ), "\(text)")
        #expect(text.contains(#""88": {clicks: 2, conversions: 1"#))
        let run = try await HarnessBinary.run(["run", scenario])
        #expect(run.exitCode == 0, "stdout: \(run.stdout) stderr: \(run.stderr)")
        #expect(run.stdout.contains("PASS  replay of access.log"))
    }

    @Test("--emit-scenario: a request AppsFlyer would fill is sent by Voluum, never by Adjust; a repeat is noted")
    func emitAvoidsCollidingTrackers() async throws {
        let folder = try HarnessBinary.temporaryFolder()
        let log = folder.appendingPathComponent("literal.txt")
        // '(idfa)' is a literal AppsFlyer would fill; Adjust takes no configured postback at all.
        try """
        https://clickwall.net/postback/advertiser?campaign_id=77&click_id=u1&sub=(idfa)
        https://clickwall.net/postback/advertiser?campaign_id=77&click_id=u1&sub=(idfa)

        """.write(to: log, atomically: true, encoding: .utf8)
        let scenario = folder.appendingPathComponent("literal.yaml").path
        let replay = try await HarnessBinary.run(["replay", log.path, "--assume-issued", "--emit-scenario", scenario])
        #expect(replay.exitCode == 0, "stdout: \(replay.stdout) stderr: \(replay.stderr)")
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
        #expect(
            text.contains(
                "profile: voluum, postback: \"https://clickwall.net/postback/advertiser?campaign_id=77&"
                    + "click_id={externalid}&sub=(idfa)\""), "\(text)")
        #expect(!text.contains("profile: adjust"))
        #expect(text.contains("# not exact: line 2: voluum drops a repeated conversion of one click"))
    }

    @Test("the logged User-Agent is sent again, and the hint names the tracker it tells (Prosper202)")
    func hintsFromTheLoggedUserAgent() async throws {
        let folder = try HarnessBinary.temporaryFolder()
        let log = folder.appendingPathComponent("access.log")
        let line = { (target: String, agent: String) in
            #"203.0.113.9 - - [04/Dec/2026:10:00:00 +0000] "GET \#(target) HTTP/1.1" 400 120 "-" "\#(agent)""#
        }
        try [
            line("/postback/advertiser?campaign_id=77&click_id={subid}", "Mozilla/5.0 Postback202-Bot v1.8"),
            line("/postback/advertiser?campaign_id=77&click_id={subid}", "curl/8.5.0"),
        ].joined(separator: "\n").write(to: log, atomically: true, encoding: .utf8)
        let output = try await HarnessBinary.run(["replay", log.path, "--assume-issued"])
        let hints = output.stdout.components(separatedBy: "\n").filter { $0.contains("hint:") }
        #expect(hints.count == 2, "\(output.stdout)")
        #expect(hints.first?.contains("Prosper202 (the sender) fills no macro written that way") == true)
        #expect(hints.last?.contains("{subid} is Keitaro's own click id") == true, "neutral without a telling agent")
    }

    @Test("a URL list with --assume-issued, campaigns inferred")
    func urlList() async throws {
        let output = try await HarnessBinary.run(["replay", Self.logs + "postbacks.txt", "--assume-issued"])
        #expect(output.exitCode == 1)
        let out = output.stdout
        #expect(out.contains("(urls)"))
        #expect(out.contains("campaigns: 77 (inferred from the log: active, cpi, payout 0; pass --campaigns"))
        #expect(out.contains("clicks issued: 2 (--assume-issued)"))
        #expect(out.contains("clock: the log has no times: every postback judged now"))
        #expect(out.components(separatedBy: "judged now").count == 2, "said once")
        #expect(out.contains("line 2  GET /postback/advertiser?campaign_id=77&click_id=u1  ->  HTTP 200 accepted"))
        #expect(out.contains("line 3  GET /postback/advertiser?campaign_id=77&click_id=u1  ->  HTTP 200 duplicate"))
        #expect(out.contains("did you mean click_id?"))
        #expect(
            out.contains(
                "line 5  POST /postback/advertiser?campaign_id=77&click_id=u3&payout=2.00  (body not logged)  ->  HTTP 200 accepted"
            ))
        #expect(out.contains("line 6  unreadable: not a URL"))
        #expect(output.stderr.contains("postbacks.txt:6: not a URL"))
    }

    @Test("a HAR: the POST's form body is replayed byte for byte; an entry without a request is named")
    func har() async throws {
        let folder = try HarnessBinary.temporaryFolder()
        let scenario = folder.appendingPathComponent("har.yaml").path
        let output = try await HarnessBinary.run([
            "replay", Self.logs + "session.har", "--assume-issued", "--emit-scenario", scenario,
        ])
        #expect(output.exitCode == 1)
        let out = output.stdout
        #expect(out.contains("(har)"))
        #expect(out.contains("entry 1  GET /postback/advertiser?campaign_id=77&click_id=h1  ->  HTTP 200 accepted"))
        #expect(out.contains("entry 2  POST /postback/advertiser  ->  HTTP 200 accepted"))
        #expect(
            out.contains(
                "entry 3  GET /postback/advertiser?campaign_id=77&click_id=%7Bclickid%7D  ->  HTTP 400 rejected unsubstituted_macro"
            ))
        #expect(out.contains("entry 4  unreadable: the entry has no request.method and request.url"))
        #expect(out.contains("unreadable entries"), "the summary's plural")
        #expect(out.contains("clicks issued: 2 (--assume-issued)"), "a click id holding a macro is never issued")
        #expect(out.contains("campaign 77: clicks 2, conversions 2"))
        #expect(output.stderr.contains("warning: the scenario is not exact for entry 2: POST with a form body"))
        let run = try await HarnessBinary.run(["run", scenario])
        #expect(run.exitCode == 0, "stdout: \(run.stdout) stderr: \(run.stderr)")
    }

    @Test("against a running receiver (--receiver URL): the same verdicts")
    func externalReceiver() async throws {
        let store = try SQLitePostbackStore(path: nil)
        try await withReceiver(configuration: ReceiverConfiguration(), store: store) { receiver in
            let output = try await HarnessBinary.runDetached(
                ["replay", Self.logs + "access.log", "--receiver", receiver.baseURL] + Self.setup)
            #expect(output.exitCode == 1, "stderr: \(output.stderr)")
            #expect(output.stdout.contains("against \(receiver.baseURL)"))
            #expect(output.stdout.contains("click_id=zzz  ->  HTTP 404 rejected unknown_click"))
            #expect(
                output.stdout.contains(
                    "clock: \(receiver.baseURL) keeps its own clock, which replay cannot set: postbacks are judged now")
            )
            // c77a was issued just before its postback of March: accepted now too; c77old, years older: expired.
            #expect(output.stdout.contains("click_id=c77a  ->  HTTP 200 accepted"))
            #expect(output.stdout.contains("click_id=c77old  ->  HTTP 410 rejected click_expired"))
            let stats = try #require(try await store.stats(campaignID: "77"))
            #expect(stats.conversions == 2)
            #expect(stats.duplicates == 1)
            #expect(stats.rejected["unknown_click"] == 1)
            let log = try await store.postbacks(PostbackLogFilter(limit: 100))
            #expect(log.count == 13)
            #expect(log.contains { $0.url == "/postback/advertiser?campaign_id=77&amp;click_id=c77b" }, "exact bytes")
        }
    }

    @Test("a receiver that cannot be reached exits 3 before anything is sent; a refused token exits 2")
    func unreachableReceiver() async throws {
        let closed = try await HarnessBinary.run([
            "replay", Self.logs + "access.log", "--receiver", "http://127.0.0.1:1",
        ])
        #expect(closed.exitCode == 3, "stdout: \(closed.stdout) stderr: \(closed.stderr)")
        #expect(closed.stderr.contains("cannot reach the receiver at http://127.0.0.1:1"), "\(closed.stderr)")
        #expect(!closed.stdout.contains("not_delivered"))
        let store = try SQLitePostbackStore(path: nil)
        try await withReceiver(configuration: ReceiverConfiguration(adminToken: "right"), store: store) { receiver in
            let refused = try await HarnessBinary.runDetached(
                ["replay", Self.logs + "access.log", "--receiver", receiver.baseURL, "--admin-token", "wrong"])
            #expect(refused.exitCode == 2, "stderr: \(refused.stderr)")
            #expect(refused.stderr.contains("--admin-token was refused"), "\(refused.stderr)")
            #expect(try await store.postbacks(PostbackLogFilter(limit: 10)).isEmpty, "nothing was sent")
        }
    }

    @Test("every line accepted exits 0")
    func allAccepted() async throws {
        let folder = try HarnessBinary.temporaryFolder()
        let file = folder.appendingPathComponent("good.txt")
        try
            "https://clickwall.net/postback/advertiser?campaign_id=5&click_id=a\n/postback/advertiser?campaign_id=5&click_id=b\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let output = try await HarnessBinary.run(["replay", file.path, "--assume-issued"])
        #expect(output.exitCode == 0, "stdout: \(output.stdout) stderr: \(output.stderr)")
        #expect(output.stdout.contains("\n  accepted                    2\n  total lines read            2\n"))
    }

    @Test("bad inputs exit 2: a missing file, an unknown format, a HAR that is not JSON, bad companions")
    func badInputs() async throws {
        let missing = try await HarnessBinary.run(["replay", "/nonexistent/access.log"])
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("cannot read log '/nonexistent/access.log': no such file"))
        let aFolder = try await HarnessBinary.run(["replay", Self.logs])
        #expect(aFolder.exitCode == 2)
        #expect(aFolder.stderr.contains("it is a folder; give the file"), "\(aFolder.stderr)")
        #expect(missing.stdout.isEmpty)

        let unknown = try await HarnessBinary.run(["replay", Self.logs + "unknown-format.log"])
        #expect(unknown.exitCode == 2)
        #expect(unknown.stderr.contains("unknown-format.log:1: cannot tell the log format"))
        #expect(unknown.stderr.contains("pass --format combined, json, alb, urls, har, export"))

        let notJSON = try await HarnessBinary.run(["replay", Self.logs + "not-json.har"])
        #expect(notJSON.exitCode == 2)
        #expect(notJSON.stderr.contains("not-json.har: not a HAR file: the text is not JSON"))

        let forced = try await HarnessBinary.run(["replay", "--format", "har", Self.logs + "access.log"])
        #expect(forced.exitCode == 2)
        #expect(forced.stderr.contains("not a HAR file"))

        let nothing = try await HarnessBinary.run(["replay", "--format", "combined", Self.logs + "postbacks.txt"])
        #expect(nothing.exitCode == 2)
        #expect(nothing.stderr.contains("no line could be read as a combined access log line"))

        let badFormat = try await HarnessBinary.run(["replay", "--format", "xml", Self.logs + "access.log"])
        #expect(badFormat.exitCode == 2)

        let both = try await HarnessBinary.run(
            ["replay", Self.logs + "access.log", "--assume-issued", "--clicks", Self.logs + "clicks.csv"])
        #expect(both.exitCode == 2)
        #expect(both.stderr.contains("not both"))

        let folder = try HarnessBinary.temporaryFolder()
        let badClicks = folder.appendingPathComponent("clicks.csv")
        try "campaign_id,click_id\n77,a\n77\n".write(to: badClicks, atomically: true, encoding: .utf8)
        let clicks = try await HarnessBinary.run(["replay", Self.logs + "access.log", "--clicks", badClicks.path])
        #expect(clicks.exitCode == 2)
        #expect(clicks.stderr.contains("clicks.csv:3: expected 'campaign_id,click_id[,created_at]'"))

        let badCampaigns = folder.appendingPathComponent("campaigns.yaml")
        try "campaigns:\n  - {id: \"77\", statuz: active}\n".write(to: badCampaigns, atomically: true, encoding: .utf8)
        let campaigns = try await HarnessBinary.run([
            "replay", Self.logs + "access.log", "--campaigns", badCampaigns.path,
        ])
        #expect(campaigns.exitCode == 2)
        #expect(campaigns.stderr.contains("campaigns.yaml:2:"))
        #expect(campaigns.stderr.contains("statuz"))
    }
}
