import Foundation
import PostbackTesting
import Testing

/// `run --report`: JUnit XML that validates against `fixtures/junit/junit.xsd` with a real
/// validator, the JSON report with every expectation and send, the HTML page with every
/// string escaped, and bad `--report` values.
@Suite(.timeLimit(.minutes(2)))
struct ReportTests {
    /// A scenario in `folder`, passing when `conversions` is 3.
    static func scenario(name: String, id: String, conversions: Int) -> String {
        """
        name: \(name)
        tags: [report]
        campaigns:
          - {id: "\(id)", status: active, type: cpi, payout: "2.00",
             tracking_link: "https://trk.example-keitaro.com/a?external_id={click_id}"}
        clicks:
          - {campaign: "\(id)", count: 5}
        trackers:
          - name: keitaro
            profile: keitaro
            postback: "https://clickwall.net/postback/advertiser?campaign_id=\(id)&click_id={external_id}&note=<b>"
        traffic:
          - {tracker: keitaro, convert: 3, event: install}
        expect:
          "\(id)": {clicks: 5, conversions: \(conversions), payout_total: "6.00"}
        """
    }

    /// Two folders: `alpha` with a passing scenario, `beta` with a failing one whose name holds markup.
    static func suite() throws -> URL {
        let root = try HarnessBinary.temporaryFolder()
        let failingName = #"'failing <script>alert("x")</script> & ''quoted'''"#
        for (folder, name, id, conversions) in [("alpha", "passing one", "10", 3), ("beta", failingName, "20", 5)] {
            let url = root.appendingPathComponent("suite/\(folder)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try scenario(name: name, id: id, conversions: conversions).write(
                to: url.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        }
        return root
    }

    static func xmllint() throws -> String {
        for path in ["/usr/bin/xmllint", "/usr/local/bin/xmllint"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw ReportTestError(
            "xmllint is missing: install Debian's libxml2-utils (scripts/install-system-packages libxml2-utils)")
    }

    /// Runs `xmllint --noout --schema fixtures/junit/junit.xsd file`; its exit code and stderr.
    static func validate(_ file: URL) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try xmllint())
        let schema = PackageRoot.url.appendingPathComponent("fixtures/junit/junit.xsd").path
        process.arguments = ["--noout", "--schema", schema, file.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try HarnessBinary.launchLock.withLock { try process.run() }
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("junit, json and html at once: the JUnit file validates against the schema with xmllint")
    func allReports() async throws {
        let root = try Self.suite()
        let junit = root.appendingPathComponent("out/junit.xml")
        let json = root.appendingPathComponent("out/report.json")
        let html = root.appendingPathComponent("out/html")
        let output = try await HarnessBinary.run([
            "run", root.appendingPathComponent("suite").path, "--report", "junit:\(junit.path)",
            "--report", "json:\(json.path)", "--report", "html:\(html.path)",
        ])
        #expect(output.exitCode == 1, "stderr: \(output.stderr)")
        #expect(output.stdout.hasSuffix("1 passed, 1 failed, 0 skipped\n"))

        let (status, errors) = try Self.validate(junit)
        #expect(status == 0, "xmllint: \(errors)")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.components(separatedBy: "<testsuite ").count == 3, "a testsuite per folder")
        #expect(xml.contains(#"<testsuites name="postback-harness" tests="2" failures="1" errors="0" skipped="0""#))
        #expect(xml.contains("suite/beta\" tests=\"1\" failures=\"1\""))
        #expect(xml.contains(#"<failure message="campaign 20 conversions: expected 5, recorded 3""#))
        #expect(xml.contains("conversions: expected 5, recorded 3"))
        #expect(xml.contains("3 × accepted (HTTP 200)"), "the postbacks behind the difference")
        #expect(xml.contains("failing &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;"))
        #expect(!xml.contains("<script>"))

        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let totals = try #require(document["totals"] as? [String: Int])
        #expect(totals == ["scenarios": 2, "passed": 1, "failed": 1, "errors": 0, "skipped": 0])
        let scenarios = try #require(document["scenarios"] as? [[String: Any]])
        #expect(scenarios.map { $0["status"] as? String } == ["passed", "failed"])
        let campaign = try #require((scenarios[1]["campaigns"] as? [[String: Any]])?.first)
        let expectations = try #require(campaign["expectations"] as? [[String: Any]])
        #expect(expectations.map { $0["field"] as? String } == ["clicks", "conversions", "payout_total"])
        #expect(expectations.map { $0["met"] as? Bool } == [true, false, true])
        #expect(expectations[1]["recorded"] as? String == "3")
        let sends = try #require(scenarios[1]["sends"] as? [[String: Any]])
        #expect(sends.count == 3)
        let verdict = try #require(sends.first?["verdict"] as? [String: Any])
        #expect(verdict["result"] as? String == "accepted")
        let attempt = try #require((sends.first?["attempts"] as? [[String: Any]])?.first)
        #expect(
            (attempt["url"] as? String)?.hasPrefix("https://clickwall.net/postback/advertiser?campaign_id=20&") == true)
        #expect(attempt["status"] as? Int == 200)

        let page = try String(contentsOf: html.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page.contains("failing &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(!page.contains("<script"), "no script element, and every string escaped")
        #expect(page.contains("note=&lt;b&gt;"), "URLs the trackers sent are escaped")
        #expect(page.contains("<td>conversions</td><td>5</td><td>3</td>"))
        #expect(page.contains("<td>accepted</td>"))
    }

    @Test("the schema check can fail: a testcase without a name or with a bad time does not validate")
    func schemaRejects() throws {
        let folder = try HarnessBinary.temporaryFolder()
        let valid = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites><testsuite name="a" tests="1" failures="0" errors="0" time="0.1">
            <testcase name="x" classname="a" time="0.1"/></testsuite></testsuites>
            """
        for (text, expected) in [
            (valid, Int32(0)), (valid.replacingOccurrences(of: #"name="x" "#, with: ""), 3),
            (valid.replacingOccurrences(of: #"time="0.1"/>"#, with: #"time="soon"/>"#), 3),
            (valid.replacingOccurrences(of: "<testcase", with: "<testcas"), 3),
        ] {
            let file = folder.appendingPathComponent("\(UUID().uuidString).xml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let (status, errors) = try Self.validate(file)
            #expect(status == expected, "\(errors)")
        }
    }

    @Test("several reports in one --report, separated by commas, are each written")
    func commaSeparated() async throws {
        let root = try Self.suite()
        let out = root.appendingPathComponent("out")
        let output = try await HarnessBinary.run([
            "run", root.appendingPathComponent("suite/alpha").path, "--report",
            "junit:\(out.path)/a.xml,json:\(out.path)/b.json,html:\(out.path)/page",
        ])
        #expect(output.exitCode == 0, "stderr: \(output.stderr)")
        let (status, errors) = try Self.validate(out.appendingPathComponent("a.xml"))
        #expect(status == 0, "xmllint: \(errors)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("b.json")))
                as? [String: Any])
        #expect((document["totals"] as? [String: Int])?["passed"] == 1)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("page/index.html").path))
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(written == ["a.xml", "b.json", "page"], "no file named with the commas, no probe left behind")
    }

    @Test(
        "a bad --report value exits 2 and names it, before anything runs",
        arguments: [
            ("xml:out.xml", "unknown kind 'xml'"), ("junit", "needs a kind and a path"),
            ("junit:", "has no path"), ("html:/etc/hostname", "is a file, not a folder"),
            ("json:/", "is a folder, not a file"),
            ("junit:/etc/hostname/x.xml", "'/etc/hostname' is a file, not a folder"),
            ("json:/sys/postback-harness.json", "cannot write in '/sys'"),
            ("html:/sys/postback-harness-report", "cannot create the folder '/sys/postback-harness-report'"),
        ])
    func badReport(value: String, problem: String) async throws {
        let output = try await HarnessBinary.run(["run", "scenarios/", "--report", value])
        #expect(output.exitCode == 2)
        #expect(output.stderr.contains("--report '\(value)'"), "stderr: \(output.stderr)")
        #expect(output.stderr.contains(problem), "stderr: \(output.stderr)")
        #expect(output.stdout.isEmpty, "nothing ran")
    }

    @Test(
        "a bad part of a comma-separated --report exits 2 naming that part, before anything runs",
        arguments: [
            ("junit:a.xml,xml:b.xml", "--report 'xml:b.xml': unknown kind 'xml'"),
            ("junit:a.xml,,json:b.json", "--report 'junit:a.xml,,json:b.json' has an empty part"),
            ("json:x/r.json,json:x/r.json", "--report 'json:x/r.json': 'x/r.json' is already the path of"),
        ])
    func badReportList(value: String, problem: String) async throws {
        let folder = try HarnessBinary.temporaryFolder()
        let output = try await HarnessBinary.run(
            ["run", "scenarios/", "--report", value], in: folder)
        #expect(output.exitCode == 2)
        #expect(output.stderr.contains(problem), "stderr: \(output.stderr)")
        #expect(output.stdout.isEmpty, "nothing ran")
    }
}

/// A missing tool the test needs.
struct ReportTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
