import Curl
import Foundation
import PostbackTesting
import Synchronization
import Testing

/// `run --receiver`: the shipped suite against a separately started `serve`, by two runs at
/// the same time; campaign ids namespaced per run; old clicks through the admin API; what
/// cannot run against an external receiver skipped with the reason.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ExternalReceiverTests {
    static let token = "qa-token-123"

    @Test(
        "the shipped suite passes against one serve --faults, twice at the same time, nothing skipped; --keep keeps a run's campaigns"
    )
    func shippedSuiteTwiceAtOnce() async throws {
        // With --faults the receiver-side faults are armed through /api/faults, scoped to each
        // run's campaigns: the two runs do not take each other's faults.
        let serve = try ServeProcess.start(token: Self.token, faults: true)
        defer { serve.stop() }
        let arguments = [
            "run", "scenarios/", "--receiver", serve.baseURL, "--admin-token", Self.token,
            "--receiver-tls-port", "\(serve.tlsPort)", "--receiver-ca", "fixtures/tls/ca.pem",
        ]
        async let first = HarnessBinary.run(arguments + ["--run-id", "twin0", "--keep"], timeout: 90)
        async let second = HarnessBinary.run(arguments + ["--run-id", "twin1"], timeout: 90)
        let both = [try await first, try await second]
        for index in 0..<2 {
            let output = both[index]
            #expect(output.exitCode == 0, "run \(index): \(output.stdout)\n\(output.stderr)")
            #expect(
                output.stdout.contains(" passed, 0 failed, 0 skipped\n"),
                "nothing skipped: \(output.stdout.suffix(300))")
            #expect(output.stdout.contains("PASS  "), "the shipped scenarios run against serve")
        }
        let campaigns = try await serve.admin("/api/campaigns")
        #expect(
            campaigns.contains(#""id":"rtwin0-1-"#) || campaigns.contains(#""id" : "rtwin0-1-"#),
            "\(campaigns.prefix(400))")
        #expect(!campaigns.contains("rtwin1-"), "the run without --keep removed its campaigns")
        let log = try await serve.admin("/api/postbacks?limit=10000")
        #expect(log.contains("rtwin0-"))
        #expect(!log.contains("rtwin1-"), "and their postback log lines")
    }

    @Test("old clicks go through the admin API; receiver-side faults and unroutable https are skipped")
    func agedClicksAndSkips() async throws {
        let serve = try ServeProcess.start(token: Self.token)
        defer { serve.stop() }
        let folder = try HarnessBinary.temporaryFolder()
        let expired = """
            name: expired clicks
            campaigns:
              - {id: "900", status: active, type: cpi, payout: "1.00", conversion_window_days: 30,
                 tracking_link: "https://trk.example-keitaro.com/a?external_id={click_id}"}
            clicks:
              - {campaign: "900", count: 4, age: 40d}
              - {campaign: "900", count: 2}
            trackers:
              - name: keitaro
                profile: keitaro
                postback: "http://clickwall.net/postback/advertiser?campaign_id=900&click_id={external_id}"
            traffic:
              - {tracker: keitaro, convert: 6, event: install}
            expect:
              "900": {clicks: 6, conversions: 2, rejected: {click_expired: 4}}
            """
        try expired.write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        let faulty = expired.replacingOccurrences(of: "name: expired clicks", with: "name: slow receiver")
            .replacingOccurrences(of: "event: install}", with: "event: install, fault: retry-after-5xx}")
        try faulty.write(to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let https = expired.replacingOccurrences(of: "name: expired clicks", with: "name: over tls")
            .replacingOccurrences(of: "http://clickwall.net", with: "https://clickwall.net")
        try https.write(to: folder.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)

        let output = try await HarnessBinary.run([
            "run", folder.path, "--receiver", serve.baseURL, "--admin-token", Self.token, "--run-id", "aged",
            "--allow-skipped", "2", "--keep",
        ])
        #expect(output.exitCode == 0, "\(output.stdout)\n\(output.stderr)")
        #expect(output.stdout.contains("PASS  expired clicks"))
        #expect(output.stdout.contains("SKIP  slow receiver"))
        #expect(output.stdout.contains("fault 'retry-after-5xx' needs the receiver to misbehave on purpose"))
        #expect(output.stdout.contains("SKIP  over tls"))
        #expect(output.stdout.contains("give --receiver-tls-port"))
        #expect(output.stdout.contains("ran 1 scenario in"))
        #expect(output.stdout.hasSuffix("1 passed, 0 failed, 2 skipped\n"))
        let stats = try await serve.admin("/api/campaigns/raged-1-900/stats")
        #expect(stats.contains(#""click_expired":4"#) || stats.contains(#""click_expired" : 4"#), "\(stats)")
    }

    @Test("more skips than --allow-skipped permits fail the run with the reasons; skipping everything always fails")
    func skipsFailTheRun() async throws {
        let serve = try ServeProcess.start(token: Self.token)
        defer { serve.stop() }
        let folder = try HarnessBinary.temporaryFolder()
        let plain = """
            name: plain http
            campaigns:
              - {id: "7", status: active, type: cpi, payout: "1.00",
                 tracking_link: "https://trk.example-keitaro.com/a?external_id={click_id}"}
            clicks:
              - {campaign: "7", count: 2}
            trackers:
              - name: keitaro
                profile: keitaro
                postback: "http://clickwall.net/postback/advertiser?campaign_id=7&click_id={external_id}"
            traffic:
              - {tracker: keitaro, convert: 2, event: install}
            expect:
              "7": {conversions: 2}
            """
        try plain.write(to: folder.appendingPathComponent("1.yaml"), atomically: true, encoding: .utf8)
        let https = plain.replacingOccurrences(of: "name: plain http", with: "name: over tls")
            .replacingOccurrences(of: "http://clickwall.net", with: "https://clickwall.net")
        try https.write(to: folder.appendingPathComponent("2.yaml"), atomically: true, encoding: .utf8)
        let receiver = ["--receiver", serve.baseURL, "--admin-token", Self.token]

        let oneSkip = try await HarnessBinary.run(["run", folder.path] + receiver)
        #expect(oneSkip.exitCode == 1, "\(oneSkip.stdout)\n\(oneSkip.stderr)")
        #expect(oneSkip.stdout.contains("PASS  plain http"))
        #expect(oneSkip.stdout.hasSuffix("1 passed, 0 failed, 1 skipped\n"))
        #expect(oneSkip.stderr.contains("error: 1 scenario run was skipped, more than --allow-skipped 0 permits:"))
        #expect(oneSkip.stderr.contains("1 skipped: its postbacks use https and the external receiver has no TLS port"))
        #expect(oneSkip.stderr.contains("over tls (\(folder.path)/2.yaml)"), "\(oneSkip.stderr)")

        let allowed = try await HarnessBinary.run(
            ["run", folder.path, "--allow-skipped", "1", "--run-id", "allowed"] + receiver)
        #expect(allowed.exitCode == 0, "\(allowed.stdout)\n\(allowed.stderr)")
        #expect(allowed.stdout.hasSuffix("1 passed, 0 failed, 1 skipped\n"))
        #expect(allowed.stderr.isEmpty, "\(allowed.stderr)")
        let campaigns = try await serve.admin("/api/campaigns")
        #expect(!campaigns.contains("rallowed-"), "without --keep the run removes its campaigns: \(campaigns)")

        let report = folder.appendingPathComponent("junit.xml").path
        let nothing = try await HarnessBinary.run(
            [
                "run", folder.appendingPathComponent("2.yaml").path, "--allow-skipped", "5", "--report",
                "junit:" + report,
            ]
                + receiver)
        #expect(nothing.exitCode == 1, "\(nothing.stdout)\n\(nothing.stderr)")
        #expect(nothing.stdout.contains("SKIP  over tls"))
        #expect(nothing.stdout.hasSuffix("0 passed, 0 failed, 1 skipped\n"))
        #expect(
            nothing.stderr.contains(
                "error: the 1 selected scenario run was skipped: nothing was tested, so the run fails:"))
        #expect(nothing.stderr.contains("give --receiver-tls-port"))
        let xml = try String(contentsOfFile: report, encoding: .utf8)
        #expect(xml.contains(#"skipped="1""#))
        #expect(xml.contains("<skipped message=\"its postbacks use https"), "\(xml)")

        let negative = try await HarnessBinary.run(["run", folder.path, "--allow-skipped=-1"])
        #expect(negative.exitCode == 2)
        #expect(negative.stderr.contains("--allow-skipped must be 0 or more, got -1"), "\(negative.stderr)")
    }

    @Test("a wrong token exits 2, an unreachable receiver 3, a bad URL 2, a stray option 2")
    func badReceivers() async throws {
        let serve = try ServeProcess.start(token: Self.token)
        defer { serve.stop() }
        let wrong = try await HarnessBinary.run([
            "run", "scenarios/", "--receiver", serve.baseURL, "--admin-token", "nope",
        ])
        #expect(wrong.exitCode == 2)
        #expect(wrong.stderr.contains("--admin-token was refused"), "\(wrong.stderr)")
        let closed = try await HarnessBinary.run(["run", "scenarios/", "--receiver", "http://127.0.0.1:1"])
        #expect(closed.exitCode == 3)
        #expect(closed.stderr.contains("cannot reach the receiver at http://127.0.0.1:1"), "\(closed.stderr)")
        let url = try await HarnessBinary.run(["run", "scenarios/", "--receiver", "ftp://x"])
        #expect(url.exitCode == 2)
        #expect(url.stderr.contains("--receiver 'ftp://x'"))
        let stray = try await HarnessBinary.run(["run", "scenarios/", "--admin-token", "x"])
        #expect(stray.exitCode == 2)
        #expect(stray.stderr.contains("--admin-token goes with --receiver"))
        let keep = try await HarnessBinary.run(["run", "scenarios/", "--keep"])
        #expect(keep.exitCode == 2)
        #expect(keep.stderr.contains("--keep goes with --receiver"))
    }
}

/// A `postback-harness serve` process on free ports, with TLS (the test certificates) and an
/// admin token, stopped by ``stop()``.
final class ServeProcess {
    let process: Process
    let port: Int
    let tlsPort: Int
    let token: String
    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, port: Int, tlsPort: Int, token: String) {
        self.process = process
        self.port = port
        self.tlsPort = tlsPort
        self.token = token
    }

    /// Starts `serve` and waits (at most 20 s) for its "listening on" line.
    static func start(token: String, faults: Bool = false) throws -> ServeProcess {
        let process = Process()
        process.executableURL = HarnessBinary.executable
        process.currentDirectoryURL = PackageRoot.url
        process.arguments =
            [
                "serve", "--port", "0", "--db", ":memory:", "--admin-token", token, "--log-level", "error",
                "--tls-cert", "fixtures/tls/server.pem", "--tls-key", "fixtures/tls/server-key.pem", "--tls-port", "0",
            ] + (faults ? ["--faults"] : [])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let seen = Mutex("")
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            seen.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try HarnessBinary.launchLock.withLock { try process.run() }
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let text = seen.withLock { $0 }
            if let match = text.firstMatch(
                of: /listening on http:\/\/127\.0\.0\.1:(\d+) and https:\/\/127\.0\.0\.1:(\d+)/),
                let port = Int(match.1), let tlsPort = Int(match.2)
            {
                pipe.fileHandleForReading.readabilityHandler = nil
                return ServeProcess(process: process, port: port, tlsPort: tlsPort, token: token)
            }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.terminate()
        process.waitUntilExit()
        throw ReportTestError("serve did not start: \(seen.withLock { $0 })")
    }

    /// `GET path` on the admin API with the token, through the project's libcurl client.
    func admin(_ path: String) async throws -> String {
        let url = baseURL + path
        let headers = [HTTPHeader("Authorization", "Bearer \(token)")]
        return try await CurlClient.withClient { client in
            try await client.send(CurlRequest(url: url, headers: headers)).bodyText
        }
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
