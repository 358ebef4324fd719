import Foundation
import Testing

/// `check`, `lint` and `trackers` as a reviewer tried them with the vendors' own templates: each
/// verdict what the real tracker would get, each fix one the tracker offers.
@Suite(.timeLimit(.minutes(2)))
struct TrackerReviewTests {
    static let base = "https://clickwall.net/postback/advertiser?campaign_id=1234"

    @Test("bemob {status}: a refused_vocabulary error, and the simulation sends BeMob's 'confirm'")
    func bemobStatus() async throws {
        let output = try await HarnessBinary.run([
            "check", "--tracker", "bemob", "--simulate", Self.base + "&click_id={externalId}&status={status}",
        ])
        #expect(output.exitCode == 1)
        #expect(output.stdout.contains("error   [refused_vocabulary] BeMob's '{status}' sends new, confirm, decline"))
        #expect(output.stdout.contains("fix: BeMob sends its own words"))
        #expect(output.stdout.contains("&status=confirm\n"), "\(output.stdout)")
        #expect(output.stdout.contains("verdict   rejected (invalid_parameter)"))
    }

    @Test("binom status={cnv_status}: a warning whose fix is Status-Postback Relation, as `trackers binom` prints")
    func binomStatus() async throws {
        let output = try await HarnessBinary.run([
            "check", "--tracker", "binom", Self.base + "&click_id={externalid}&status={cnv_status}",
        ])
        #expect(output.exitCode == 0, "\(output.stdout)")
        #expect(output.stdout.contains("warning [refused_vocabulary] Binom's '{cnv_status}' passes on words"))
        #expect(output.stdout.contains("fix: Binom passes on the status word the affiliate network reported"))
        let trackers = try await HarnessBinary.run(["trackers", "binom"])
        #expect(trackers.stdout.contains("Status-Postback Relation"))
    }

    @Test(
        "bemob --simulate --status pending: nothing sent, and the reason is BeMob's ticked statuses, in text and JSON")
    func bemobPendingNotSent() async throws {
        let template = Self.base + "&click_id={externalId}&status=pending"
        let output = try await HarnessBinary.run([
            "check", "--tracker", "bemob", "--simulate", "--status", "pending", template,
        ])
        let reason =
            "BeMob sends postbacks only for approved conversions, not for a pending one: tick that status in the "
            + "traffic source's settings (only Approved is ticked by default)."
        #expect(output.stdout.contains("  sent      nothing: \(reason)\n"), "\(output.stdout)")
        #expect(!output.stdout.contains("callback"))
        let json = try await HarnessBinary.run([
            "check", "--tracker", "bemob", "--simulate", "--status", "pending", "--format", "json", template,
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let simulation = try #require(object["simulation"] as? [String: Any])
        #expect(simulation["not_sent_reason"] as? String == reason)
    }

    @Test("prosper202: another host's URL in the pixel field is not checked; a stray space is one error")
    func prosperPixelPieces() async throws {
        let url = Self.base + "&click_id=[[c1]]&payout=[[payout]]"
        let other = try await HarnessBinary.run([
            "check", "--tracker", "prosper202", url + " https://tracker.example/pixel?sid=[[subid]]",
        ])
        #expect(other.exitCode == 0, "\(other.stdout)")
        #expect(other.stdout.contains("(not ClickWall's: not checked)"))
        #expect(other.stdout.contains("1 problem: 0 errors, 1 warning."))
        let stray = try await HarnessBinary.run([
            "check", "--tracker", "prosper202", url.replacing("&click_id", with: "& click_id"),
        ])
        #expect(stray.exitCode == 1)
        #expect(stray.stdout.contains("error   [split_field] a space at column 60 splits the URL"), "\(stray.stdout)")
        #expect(stray.stdout.contains("1 problem: 1 error, 0 warnings."))
    }

    @Test(
        "check --type/--status: what the campaign needs is an error in the lint, as the simulation then shows",
        arguments: [
            (["--type", "cps"], "amount is missing: a cps campaign needs the sale amount", "missing_parameter"),
            (
                ["--type", "cpa", "--event", "purchase"], "event is missing: a multi-event (cpa) campaign",
                "missing_parameter"
            ),
            (["--status", "declined"], "status is missing: ClickWall records a postback without it as", nil),
        ] as [([String], String, String?)])
    func campaignNeeds(options: [String], problem: String, rejected: String?) async throws {
        let output = try await HarnessBinary.run(
            ["check", "--tracker", "voluum", "--simulate"] + options + [Self.base + "&click_id={externalid}"])
        #expect(output.exitCode == 1)
        #expect(output.stdout.contains("error   [missing_parameter] \(problem)"), "\(output.stdout)")
        #expect(!output.stdout.contains("No problems"))
        if let rejected {
            #expect(output.stdout.contains("verdict   rejected (\(rejected))"))
        } else {
            #expect(output.stdout.contains("conversions 1 (approved 1, pending 0, declined 0)"))
        }
    }
}
