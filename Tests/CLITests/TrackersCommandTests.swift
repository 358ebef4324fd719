import Foundation
import Testing

/// Profiles carried by the binary, from any folder: `trackers`, and `check` with a shipped
/// profile and the simulate options, run as the built binary in an empty folder.
@Suite(.timeLimit(.minutes(2)))
struct TrackersCommandTests {
    @Test("check --tracker keitaro works from an empty folder and gives Keitaro's fix for {status}")
    func keitaroFromAnywhere() async throws {
        let empty = try HarnessBinary.temporaryFolder()
        let template =
            "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id={external_id}&status={status}"
        let output = try await HarnessBinary.run(["check", "--tracker", "keitaro", template], in: empty)
        #expect(output.exitCode == 1, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("Checking the postback template for Keitaro:"))
        #expect(output.stdout.contains("[refused_vocabulary]"))
        #expect(output.stdout.contains("fix: use Keitaro's status mapping placeholder"))
    }

    @Test("--simulate --status approved: Keitaro's mapping sends approved and ClickWall accepts it")
    func keitaroSimulatedStatus() async throws {
        let empty = try HarnessBinary.temporaryFolder()
        let template =
            "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id={external_id}"
            + "&status={status:lead=pending sale=approved rejected=declined}"
        let output = try await HarnessBinary.run(
            ["check", "--tracker", "keitaro", "--simulate", "--status", "approved", template], in: empty)
        #expect(output.exitCode == 0, "stdout: \(output.stdout) stderr: \(output.stderr)")
        #expect(output.stdout.contains("&status=approved"))
        #expect(output.stdout.contains("verdict   accepted"))
    }

    @Test("--simulate --type cpa --event purchase plays a multi-event campaign")
    func multiEventSimulation() async throws {
        let template =
            "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id={clickid}&event={event_name}"
        let output = try await HarnessBinary.run([
            "check", "--tracker", "appsflyer", "--simulate", "--type", "cpa", "--event", "purchase", template,
        ])
        #expect(output.exitCode == 0, "stdout: \(output.stdout)")
        #expect(output.stdout.contains("(active, cpa, payout 1)"))
        #expect(output.stdout.contains("&event=purchase"))
        #expect(output.stdout.contains("verdict   accepted"))
    }

    @Test(
        "an unknown tracker names where it looked and the tracker meant: a near miss or the one name it begins",
        arguments: [("keitar", "keitaro"), ("prosper", "prosper202"), ("Voluum2", "voluum")])
    func unknownTracker(name: String, meant: String) async throws {
        let empty = try HarnessBinary.temporaryFolder()
        let output = try await HarnessBinary.run(["check", "--tracker", name, "https://clickwall.net/"], in: empty)
        #expect(output.exitCode == 2)
        #expect(output.stderr.contains("looked for \(empty.path)"))
        #expect(output.stderr.contains("among the profiles built into postback-harness"))
        #expect(output.stderr.contains("did you mean '\(meant)'?"), "\(output.stderr)")
    }

    @Test("a scenario's unknown profile suggests a profile file beside it")
    func unknownProfileBesideTheScenario() async throws {
        let folder = try HarnessBinary.temporaryFolder()
        try "name: acme\nclick_param: c1\nmacros: {cid: click_id}\n".write(
            to: folder.appendingPathComponent("acme.yaml"), atomically: true, encoding: .utf8)
        try """
        name: s
        campaigns: [{id: "1", status: active, type: cpi, payout: "1.00"}]
        clicks: [{campaign: "1", count: 1}]
        trackers: [{name: a, profile: acmee, postback: "https://clickwall.net/postback/advertiser?campaign_id=1&click_id={cid}"}]
        traffic: [{tracker: a, convert: 1}]
        expect: {"1": {conversions: 1}}
        """.write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let output = try await HarnessBinary.run(["lint", "s.yaml"], in: folder)
        #expect(output.exitCode == 2)
        #expect(output.stderr.contains("unknown profile 'acmee'"))
        #expect(output.stderr.contains("did you mean 'acme'?"), "\(output.stderr)")
    }

    @Test("trackers lists every tracker; trackers NAME shows its catalogue with sources")
    func trackersCommand() async throws {
        let empty = try HarnessBinary.temporaryFolder()
        let list = try await HarnessBinary.run(["trackers"], in: empty)
        #expect(list.exitCode == 0)
        for name in ["appsflyer", "adjust", "voluum", "keitaro", "binom", "everflow", "tune", "redtrack", "bemob"] {
            #expect(list.stdout.contains("  \(name) "), "\(name) missing: \(list.stdout)")
        }
        let one = try await HarnessBinary.run(["trackers", "appsflyer"], in: empty)
        #expect(one.exitCode == 0)
        #expect(one.stdout.contains("(ip) | user's IP address | 198.51.100."))
        #expect(one.stdout.contains("support.appsflyer.com"))
        // How it sends: every profile fact that changes the wire or the verdict, in words.
        let prosper = try await HarnessBinary.run(["trackers", "prosper202"], in: empty)
        for fact in [
            "GET, User-Agent 'Mozilla/5.0 Postback202-Bot v1.8', timeouts 5s to connect, 10s in all, redirects followed",
            "macro names in any case ([[C1]] is [[c1]])", "values percent-encoded, a space as %20, '@' kept as is",
            "a macro without a value: [[payout]] as '0', else sent empty", "money with 5 decimals (2.5 → 2.50000)",
            "the postback field split at spaces: each URL sent on its own",
            "delivered when answered 2xx; reports \"success\" upstream whatever the answer",
        ] {
            #expect(prosper.stdout.contains("\n    \(fact)"), "\(fact): \(prosper.stdout)")
        }
        let bemob = try await HarnessBinary.run(["trackers", "bemob"], in: empty)
        #expect(bemob.stdout.contains("sends only for approved conversions; to change: tick that status"))
        #expect(bemob.stdout.contains("payout 0 for declined, pending conversions"))
        let appsflyer = try await HarnessBinary.run(["trackers", "appsflyer"], in: empty)
        #expect(appsflyer.stdout.contains("sends again on 5xx, 5 sends in all"), "\(appsflyer.stdout)")
        let keitaro = try await HarnessBinary.run(["trackers", "keitaro"], in: empty)
        #expect(keitaro.stdout.contains("{status} words (ClickWall → Keitaro): approved → sale"))
    }
}
