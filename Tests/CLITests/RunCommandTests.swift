import Foundation
import Testing

/// `postback-harness run` end to end: the binary, its output and its exit codes.
@Suite(.timeLimit(.minutes(2)))
struct RunCommandTests {
    let correct = """
        name: correct setup
        campaigns:
          - {id: "77", status: active, type: cpi, payout: "2.50",
             tracking_link: "https://trk.example-keitaro.com/a?external_id={click_id}"}
        clicks:
          - {campaign: "77", count: 10}
        trackers:
          - name: keitaro
            profile: keitaro
            postback: "https://clickwall.net/postback/advertiser?campaign_id=77&click_id={external_id}"
        traffic:
          - {tracker: keitaro, convert: 4, event: install}
        expect:
          "77": {clicks: 10, conversions: CONVERSIONS, payout_total: "10.0"}
        """

    func write(_ text: String, name: String = "s.yaml") throws -> URL {
        let folder = try HarnessBinary.temporaryFolder()
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("no subcommand is a usage error (2) with the help; --help exits 0")
    func bareCommand() async throws {
        let bare = try await HarnessBinary.run([])
        #expect(bare.exitCode == 2)
        #expect(
            bare.stderr.contains("error: name a subcommand: run, serve, check, send, replay, learn, lint or trackers"))
        #expect(bare.stderr.contains("SUBCOMMANDS:"), "\(bare.stderr)")
        let help = try await HarnessBinary.run(["--help"])
        #expect(help.exitCode == 0)
        #expect(help.stdout.contains("SUBCOMMANDS:"))
    }

    @Test("a passing scenario exits 0 and says PASS")
    func passing() async throws {
        let file = try write(correct.replacingOccurrences(of: "CONVERSIONS", with: "4"))
        let output = try await HarnessBinary.run(["run", file.path])
        #expect(output.exitCode == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("PASS  correct setup"))
        #expect(output.stdout.contains("1 passed, 0 failed, 0 skipped"))
    }

    @Test("expect rejected: {} passes a campaign that rejected nothing and fails one that rejected postbacks")
    func noRejections() async throws {
        let clean = correct.replacingOccurrences(
            of: #"conversions: CONVERSIONS, payout_total: "10.0"}"#, with: "conversions: 4, rejected: {}}")
        let cleanOutput = try await HarnessBinary.run(["run", try write(clean).path])
        #expect(cleanOutput.exitCode == 0, "\(cleanOutput.stdout)\n\(cleanOutput.stderr)")
        #expect(cleanOutput.stdout.contains("PASS  correct setup"))

        let rejecting = clean.replacingOccurrences(of: "click_id={external_id}", with: "click_id={external_id}x")
            .replacingOccurrences(of: "conversions: 4, rejected: {}", with: "rejected: {}")
        let file = try write(rejecting)
        let output = try await HarnessBinary.run(["run", file.path])
        #expect(output.exitCode == 1, "\(output.stdout)\n\(output.stderr)")
        #expect(output.stdout.contains("FAIL  correct setup"))
        #expect(output.stdout.contains("rejected.unknown_click: expected 0, recorded 4   (\(file.path):14:"))
        #expect(output.stdout.contains("4 × rejected unknown_click (HTTP 404)"), "\(output.stdout)")
        #expect(!output.stdout.contains("conversions: expected"), "the only difference is the rejections")
    }

    @Test("a wrong expectation exits 1 and prints expected against recorded, with the postbacks behind it")
    func wrongExpectation() async throws {
        let file = try write(correct.replacingOccurrences(of: "CONVERSIONS", with: "5"))
        let output = try await HarnessBinary.run(["run", file.path])
        #expect(output.exitCode == 1)
        #expect(output.stdout.contains("FAIL  correct setup"))
        #expect(output.stdout.contains("conversions: expected 5, recorded 4"))
        #expect(output.stdout.contains("\(file.path):14:"), "the difference names where the expectation is written")
        #expect(output.stdout.contains("4 × accepted (HTTP 200)"))
        #expect(output.stdout.contains("0 passed, 1 failed, 0 skipped"))
    }

    @Test("an unknown key exits 2 and names file:line:column")
    func unknownKey() async throws {
        let text = correct.replacingOccurrences(of: "CONVERSIONS", with: "4")
            .replacingOccurrences(of: "traffic:", with: "trafic:")
        let file = try write(text)
        let output = try await HarnessBinary.run(["run", file.path])
        #expect(output.exitCode == 2)
        #expect(output.stderr.contains("\(file.path):11:1: error: unknown key 'trafic'"), "stderr: \(output.stderr)")
    }

    @Test("a file that is not YAML exits 2 with its position")
    func notYAML() async throws {
        let file = try write("name: [unclosed\ncampaigns: {\n")
        let output = try await HarnessBinary.run(["run", file.path])
        #expect(output.exitCode == 2)
        #expect(output.stderr.contains("\(file.path):"))
        #expect(output.stderr.contains("error:"))
    }

    @Test("a tracker that does not exist exits 2 with its position")
    func unknownTracker() async throws {
        let text = correct.replacingOccurrences(of: "CONVERSIONS", with: "4")
            .replacingOccurrences(of: "profile: keitaro", with: "profile: no-such-tracker")
        let file = try write(text)
        let output = try await HarnessBinary.run(["run", file.path])
        #expect(output.exitCode == 2)
        #expect(output.stderr.contains("\(file.path):9:14: error:"), "stderr: \(output.stderr)")
        #expect(output.stderr.contains("no-such-tracker"))
    }

    @Test("a missing path and a bad option are invalid input (2)")
    func invalidInput() async throws {
        let missing = try await HarnessBinary.run(["run", "/nonexistent/scenarios"])
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("/nonexistent/scenarios"))
        let badOption = try await HarnessBinary.run(["run", "--parallel", "0"])
        #expect(badOption.exitCode == 2)
        #expect(badOption.stderr.contains("--parallel"))
        let unknownOption = try await HarnessBinary.run(["run", "--no-such-option"])
        #expect(unknownOption.exitCode == 2)
    }
}

/// The README's main job: the shipped suite through the binary.
@Suite(.timeLimit(.minutes(2)))
struct ShippedSuiteRunTests {
    @Test("postback-harness run scenarios/ passes and exits 0")
    func shippedSuite() async throws {
        let output = try await HarnessBinary.run(["run", "scenarios/"], timeout: 110)
        #expect(output.exitCode == 0, "stdout: \(output.stdout)\nstderr: \(output.stderr)")
        #expect(output.stdout.contains(" passed, 0 failed, 0 skipped\n"))
        #expect(!output.stdout.contains("FAIL"))
    }
}
