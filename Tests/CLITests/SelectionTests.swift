import Foundation
import PostbackTesting
import Testing

/// `run` selection and output: `--list`, `--filter`, `--tag`, `--fail-fast`, `--repeat`,
/// `--quiet`, `--verbose`, the progress line on a terminal and `NO_COLOR`.
@Suite(.timeLimit(.minutes(2)))
struct SelectionTests {
    /// Three scenarios: `a-pass` (tag fast), `b-fail` (tag slow), `c-pass` (tags fast, slow).
    static func suite() throws -> URL {
        let folder = try HarnessBinary.temporaryFolder()
        for (file, name, tags, conversions) in [
            ("1.yaml", "a-pass", "[fast]", 2), ("2.yaml", "b-fail", "[slow]", 9),
            ("3.yaml", "c-pass", "[fast, slow]", 2),
        ] {
            let text = """
                name: \(name)
                tags: \(tags)
                campaigns:
                  - {id: "5", status: active, type: cpi, payout: "1.00",
                     tracking_link: "https://trk.example-keitaro.com/a?external_id={click_id}"}
                clicks:
                  - {campaign: "5", count: 3}
                trackers:
                  - name: keitaro
                    profile: keitaro
                    postback: "https://clickwall.net/postback/advertiser?campaign_id=5&click_id={external_id}"
                traffic:
                  - {tracker: keitaro, convert: 2, event: install}
                expect:
                  "5": {conversions: \(conversions)}
                """
            try text.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// The lines that start with PASS, FAIL or SKIP.
    static func verdictLines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter {
            $0.hasPrefix("PASS") || $0.hasPrefix("FAIL") || $0.hasPrefix("SKIP")
        }.map { $0.components(separatedBy: "  (").first ?? $0 }
    }

    @Test("--list prints what would run and exits 0 without running anything")
    func list() async throws {
        let suite = try Self.suite()
        let output = try await HarnessBinary.run(["run", suite.path, "--list", "--tag", "fast", "--repeat", "2"])
        #expect(output.exitCode == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("a-pass  (\(suite.path)/1.yaml)  [fast]"))
        #expect(output.stdout.contains("c-pass  (\(suite.path)/3.yaml)  [fast, slow]"))
        #expect(!output.stdout.contains("b-fail"))
        #expect(output.stdout.hasSuffix("2 scenarios would run, each 2 times (4 runs)\n"))
        #expect(!output.stdout.contains("PASS"))
    }

    @Test(
        "--filter and --tag choose the scenarios",
        arguments: [
            (["--filter", "^[ab]-"], ["PASS  a-pass", "FAIL  b-fail"]),
            (["--tag", "slow"], ["FAIL  b-fail", "PASS  c-pass"]),
            (["--tag", "fast", "--tag", "nothing"], ["PASS  a-pass", "PASS  c-pass"]),
            (["--tag", "fast", "--filter", "c"], ["PASS  c-pass"]),
            (["--filter", "^A-PASS$"], ["PASS  a-pass"]),
            (["--tag", "SLOW"], ["FAIL  b-fail", "PASS  c-pass"]),
        ])
    func selection(arguments: [String], expected: [String]) async throws {
        let suite = try Self.suite()
        let output = try await HarnessBinary.run(["run", suite.path] + arguments)
        #expect(Self.verdictLines(output.stdout) == expected, "stdout: \(output.stdout)")
        #expect(output.exitCode == (expected.contains { $0.hasPrefix("FAIL") } ? 1 : 0))
    }

    @Test("when nothing matches, it exits 2 listing the nearest names and tags")
    func nothingMatches() async throws {
        let suite = try Self.suite()
        let output = try await HarnessBinary.run(["run", suite.path, "--filter", "c-paws", "--tag", "slo"])
        #expect(output.exitCode == 2)
        #expect(output.stdout.isEmpty)
        #expect(
            output.stderr == """
                error: no scenario to run in \(suite.path) with --filter 'c-paws' --tag 'slo' (names and tags are matched ignoring case)
                  nearest names:
                    c-pass  (\(suite.path)/3.yaml)
                    a-pass  (\(suite.path)/1.yaml)
                    b-fail  (\(suite.path)/2.yaml)
                  nearest tags: slow, fast
                  (--list without --filter and --tag lists all 3)

                """)
    }

    @Test("--fail-fast starts nothing after the first failure and says how many did not run")
    func failFast() async throws {
        let suite = try Self.suite()
        let output = try await HarnessBinary.run(["run", suite.path, "--fail-fast", "--parallel", "1"])
        #expect(output.exitCode == 1)
        #expect(Self.verdictLines(output.stdout) == ["PASS  a-pass", "FAIL  b-fail"], "stdout: \(output.stdout)")
        #expect(output.stdout.contains("ran 2 scenarios in"))
        #expect(output.stdout.contains("1 not run after the first failure (--fail-fast)"))
        #expect(output.stdout.hasSuffix("1 passed, 1 failed, 0 skipped\n"))
        let all = try await HarnessBinary.run(["run", suite.path, "--parallel", "1"])
        #expect(Self.verdictLines(all.stdout).count == 3, "without --fail-fast every scenario runs")
    }

    @Test("--repeat N runs each scenario N times, numbered, in a stable order")
    func repeatRuns() async throws {
        let suite = try Self.suite()
        let output = try await HarnessBinary.run(["run", suite.path, "--filter", "a-pass|b-fail", "--repeat", "3"])
        #expect(output.exitCode == 1)
        #expect(
            Self.verdictLines(output.stdout) == [
                "PASS  a-pass (run 1 of 3)", "PASS  a-pass (run 2 of 3)", "PASS  a-pass (run 3 of 3)",
                "FAIL  b-fail (run 1 of 3)", "FAIL  b-fail (run 2 of 3)", "FAIL  b-fail (run 3 of 3)",
            ], "stdout: \(output.stdout)")
        #expect(output.stdout.hasSuffix("3 passed, 3 failed, 0 skipped\n"))
        let bad = try await HarnessBinary.run(["run", suite.path, "--repeat", "0"])
        #expect(bad.exitCode == 2)
        #expect(bad.stderr.contains("--repeat"))
    }

    @Test("--quiet prints only failures and the summary; --verbose every send's request and answer")
    func quietAndVerbose() async throws {
        let suite = try Self.suite()
        let quiet = try await HarnessBinary.run(["run", suite.path, "--quiet"])
        #expect(Self.verdictLines(quiet.stdout) == ["FAIL  b-fail"])
        #expect(quiet.stdout.hasSuffix("2 passed, 1 failed, 0 skipped\n"))
        let verbose = try await HarnessBinary.run(["run", suite.path, "--verbose", "--filter", "a-pass"])
        #expect(
            verbose.stdout.contains("> keitaro GET https://clickwall.net/postback/advertiser?campaign_id=5&click_id="))
        #expect(verbose.stdout.contains(#"< 200 {"#))
        #expect(verbose.stdout.contains(#""result":"accepted""#) || verbose.stdout.contains(#""result": "accepted""#))
    }

    @Test("not on a terminal: one line per scenario, no escape sequences even without NO_COLOR")
    func notATerminal() async throws {
        let suite = try Self.suite()
        let output = try await HarnessBinary.run(["run", suite.path], environment: ["NO_COLOR": ""])
        #expect(!output.stdout.contains("\u{1B}"))
        #expect(!output.stdout.contains("\r"))
        #expect(Self.verdictLines(output.stdout).count == 3)
    }

    /// Runs the binary under `script`, which gives it a pseudo-terminal as standard output.
    static func onTerminal(_ arguments: [String], noColor: String?) throws -> HarnessBinary.Output {
        let command = ([HarnessBinary.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let prefix = noColor.map { "NO_COLOR='\($0)' " } ?? "unset NO_COLOR; "
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", prefix + command, "/dev/null"]
        process.currentDirectoryURL = PackageRoot.url
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try HarnessBinary.launchLock.withLock { try process.run() }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return HarnessBinary.Output(
            stdout: String(decoding: data, as: UTF8.self), stderr: "", exitCode: process.terminationStatus)
    }

    @Test("on a terminal: a live progress line redrawn in place, failures above it, colour unless NO_COLOR")
    func terminal() throws {
        let suite = try Self.suite()
        let coloured = try Self.onTerminal(["run", suite.path, "--parallel", "1"], noColor: nil)
        #expect(coloured.exitCode == 1)
        #expect(coloured.stdout.contains("\r\u{1B}[K"), "the progress line is redrawn in place")
        #expect(coloured.stdout.contains("[3/3] \u{1B}[31m1 failed\u{1B}[0m, "))
        #expect(coloured.stdout.contains("\u{1B}[31mFAIL\u{1B}[0m  b-fail"))
        #expect(!coloured.stdout.contains("PASS  a-pass"), "passes are counted, not listed, on a terminal")
        #expect(coloured.stdout.contains("\u{1B}[31m2 passed, 1 failed, 0 skipped\u{1B}[0m"))
        let plain = try Self.onTerminal(["run", suite.path, "--parallel", "1"], noColor: "1")
        #expect(plain.stdout.contains("\r\u{1B}[K"), "still a progress line")
        #expect(plain.stdout.contains("[3/3] 1 failed, "))
        #expect(!plain.stdout.contains("\u{1B}[3"), "no colour with NO_COLOR")
        #expect(plain.stdout.contains("FAIL  b-fail"))
        let lastLine = plain.stdout.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").last.map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(lastLine == "2 passed, 1 failed, 0 skipped")
    }
}
