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
}
