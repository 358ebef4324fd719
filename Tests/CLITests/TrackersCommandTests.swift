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

    @Test("an unknown tracker names where it looked")
    func unknownTracker() async throws {
        let empty = try HarnessBinary.temporaryFolder()
        let output = try await HarnessBinary.run(["check", "--tracker", "keitar", "https://clickwall.net/"], in: empty)
        #expect(output.exitCode == 2)
        #expect(output.stderr.contains("looked for \(empty.path)"))
        #expect(output.stderr.contains("among the profiles built into postback-harness"))
        #expect(output.stderr.contains("did you mean 'keitaro'?"))
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
        let keitaro = try await HarnessBinary.run(["trackers", "keitaro"], in: empty)
        #expect(keitaro.stdout.contains("{status} words (ClickWall → Keitaro): approved → sale"))
    }
}
