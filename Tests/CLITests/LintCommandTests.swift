import Foundation
import PostbackTesting
import Testing

/// `postback-harness lint`: scenario and profile files checked without running, every error
/// of every file at file:line:column; exit 0 clean, 2 with errors.
@Suite(.timeLimit(.minutes(1)))
struct LintCommandTests {
    let valid = """
        name: fine
        campaigns:
          - {id: "1", status: active, type: cpi, payout: "1.00"}
        clicks:
          - {campaign: "1", count: 2}
        trackers:
          - name: keitaro
            profile: keitaro
            postback: "https://clickwall.net/postback/advertiser?campaign_id=1&click_id={external_id}"
        traffic:
          - {tracker: keitaro, convert: 1}
        expect:
          "1": {conversions: 1}
        """

    @Test("the shipped scenarios and tracker profiles are clean")
    func shipped() async throws {
        let output = try await HarnessBinary.run(["lint", "scenarios", "fixtures/trackers"])
        #expect(output.exitCode == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("no errors"))
        let profiles = try FileManager.default.contentsOfDirectory(
            atPath: PackageRoot.url.appendingPathComponent("fixtures/trackers").path
        ).filter { $0.hasSuffix(".yaml") }.count
        #expect(profiles >= 6)
        // …and the pass-through profile beside the receiver scenarios.
        #expect(
            output.stdout.contains("\(profiles + 1) profiles"),
            "the fixtures' profiles are linted as profiles: \(output.stdout)")
        #expect(output.stderr.isEmpty)
    }

    @Test("every error of every file, each at file:line:column, exits 2")
    func everyError() async throws {
        let folder = try HarnessBinary.temporaryFolder()
        let scenario = folder.appendingPathComponent("a.yaml")
        try valid.replacingOccurrences(of: "traffic:", with: "trafic:")
            .replacingOccurrences(of: "status: active", with: "status: activ")
            .write(to: scenario, atomically: true, encoding: .utf8)
        let profile = folder.appendingPathComponent("b-profile.yaml")
        try """
        name: broken
        click_param: cid
        method: fetch
        encode_valuez: true
        """.write(to: profile, atomically: true, encoding: .utf8)
        let clean = folder.appendingPathComponent("c.yaml")
        try valid.write(to: clean, atomically: true, encoding: .utf8)
        let output = try await HarnessBinary.run(["lint", folder.path])
        #expect(output.exitCode == 2)
        #expect(
            output.stderr.contains("\(scenario.path):3:23: error: bad value 'activ' for 'status'"),
            "stderr: \(output.stderr)")
        #expect(output.stderr.contains("\(scenario.path):10:1: error: unknown key 'trafic'"))
        #expect(output.stderr.contains("\(profile.path):1:1: error: missing required key 'macros'"))
        #expect(output.stderr.contains("\(profile.path):3:9: error: bad value 'fetch' for 'method'"))
        #expect(output.stderr.contains("\(profile.path):4:1: error: unknown key 'encode_valuez'"))
        #expect(!output.stderr.contains(clean.path))
        #expect(output.stdout.contains("checked 3 files (2 scenarios, 1 profile):"))
        #expect(output.stdout.contains("in 2 files"))
    }

    @Test("lint . reports a profile's error once, under the name the scenarios using it give, and points at it")
    func profileErrorOnce() async throws {
        let folder = try HarnessBinary.temporaryFolder()
        try """
        name: acme
        click_param: c1
        macros:
          cid: click_idd
        """.write(to: folder.appendingPathComponent("acme.yaml"), atomically: true, encoding: .utf8)
        try valid.replacingOccurrences(of: "profile: keitaro", with: "profile: ./acme.yaml")
            .write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let output = try await HarnessBinary.run(["lint", "."], in: folder)
        #expect(output.exitCode == 2)
        #expect(output.stdout.contains("2 errors in 2 files"), "\(output.stdout)")
        #expect(output.stderr.components(separatedBy: "bad value 'click_idd'").count == 2, "\(output.stderr)")
        #expect(output.stderr.contains("s.yaml:8:14: error: profile file 'acme.yaml' has an error at acme.yaml:4:8"))
        #expect(!output.stderr.contains("./acme.yaml:") && !output.stderr.contains("./s.yaml:"))
    }

    @Test("a clean file exits 0; a missing path or an empty folder exits 2 naming it")
    func cleanAndMissing() async throws {
        let folder = try HarnessBinary.temporaryFolder()
        let file = folder.appendingPathComponent("ok.yaml")
        try valid.write(to: file, atomically: true, encoding: .utf8)
        let clean = try await HarnessBinary.run(["lint", file.path])
        #expect(clean.exitCode == 0, "stderr: \(clean.stderr)")
        #expect(clean.stdout == "checked 1 file (1 scenario, 0 profiles): no errors\n")
        let missing = try await HarnessBinary.run(["lint", "/nonexistent/x.yaml"])
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("/nonexistent/x.yaml"))
        let empty = try HarnessBinary.temporaryFolder()
        let nothing = try await HarnessBinary.run(["lint", empty.path])
        #expect(nothing.exitCode == 2, "as run: nothing to check is an error")
        #expect(nothing.stderr.contains("no scenario or profile file (.yaml, .yml) in \(empty.path)"))
    }
}
