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
}
