import Foundation
import PostbackTesting
import Testing

/// `postback-harness learn` end to end on the support case's capture (fixtures/learn/): what it
/// prints, the profile and scenario it writes, the scenario passing under `run`, bad input.
@Suite(.timeLimit(.minutes(2)))
struct LearnCommandTests {
    static let capture = ["fixtures/learn/export.json", "--clicks", "fixtures/learn/clicks.csv"]

    @Test("learn prints what it told and what it cannot, writes a profile and a scenario that passes under run")
    func learnsTheSupportCase() async throws {
        let folder = try HarnessBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await HarnessBinary.run(
            ["learn"] + Self.capture + ["--name", "acme-learnt", "--output", folder.path, "--time-scale", "0.001"])
        #expect(output.exitCode == 0, "stderr: \(output.stderr)")
        let out = output.stdout
        #expect(
            out.contains("Learnt acme-learnt from 8 postbacks (6 conversions) in fixtures/learn/export.json (export)"))
        #expect(
            out.contains(
                "template: https://clickwall.net/postback/advertiser?campaign_id=rcase-1-4521&click_id={click_id}"
                    + "&payout={payout}&status={status}&txid={txid}&ts={ts}&city={city}&src=acme"))
        #expect(out.contains("  status: a status, words: lead, sale (not ClickWall's: lead, sale)"))
        #expect(out.contains("  method: GET; User-Agent: 'AcmeTrack/2.3 (+https://acme.example/bot)'"))
        #expect(out.contains("  retries: on 5xx, 3 sends in all, delays 10m"))
        #expect(out.contains("Cannot tell from the evidence:\n  - retries after a timeout or a failed connection"))

        let profile = try String(contentsOf: folder.appendingPathComponent("acme-learnt.yaml"), encoding: .utf8)
        #expect(profile.contains("retry: {on: [5xx], max_attempts: 3, delays: [10m]}"))
        #expect(profile.contains("words: {approved: \"sale\", pending: \"lead\"}"))
        let scenario = folder.appendingPathComponent("acme-learnt.scenario.yaml").path
        let run = try await HarnessBinary.run(["run", scenario])
        #expect(run.exitCode == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("1 passed, 0 failed, 0 skipped"))
    }

    @Test(
        "bad input is exit 2 with an error naming the input",
        arguments: [
            (["fixtures/learn/missing.json"], "error: cannot read log 'fixtures/learn/missing.json': no such file"),
            (
                ["fixtures/learn/export.json", "--clicks", "fixtures/logs/clicks.csv"],
                "error: fixtures/learn/export.json: no parameter of the postbacks carries a click id of the clicks file"
            ),
            (["fixtures/learn/acme.yaml"], "error: fixtures/learn/acme.yaml:"),
            (["fixtures/learn/export.json", "--time-scale", "0"], "--time-scale must be a number above 0"),
        ])
    func badInput(_ arguments: [String], _ message: String) async throws {
        let folder = try HarnessBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await HarnessBinary.run(["learn"] + arguments + ["--output", folder.path])
        #expect(output.exitCode == 2)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(!output.stderr.contains("Fatal error"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
