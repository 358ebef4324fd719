import Foundation
import PostbackCore
import Trackers

/// The HTML report (`--report html:DIR`, written as `DIR/index.html`): a page a person opens
/// in a browser — pass or fail per scenario, each stated expectation against what was recorded,
/// and under a failing campaign the postbacks behind it with their verdicts.
///
/// The page is self-contained (inline CSS, no script, no external asset; a Content Security
/// Policy forbids both) and every string in it — names, URLs the trackers sent, the receiver's
/// answers — is escaped.
public struct HTMLReport: Sendable {
    /// Postbacks listed under one failing campaign at most.
    public var maxSendsPerCampaign: Int

    public init(maxSendsPerCampaign: Int = 200) {
        self.maxSendsPerCampaign = maxSendsPerCampaign
    }

    /// Writes `index.html` into `folder` (created when missing) and returns its path.
    @discardableResult
    public func write(_ results: [ScenarioResult], elapsed: Duration, started: Date, to folder: String) throws -> String
    {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("index.html")
        try Data(render(results, elapsed: elapsed, started: started).utf8).write(
            to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }

    /// The page for `results`.
    public func render(_ results: [ScenarioResult], elapsed: Duration, started: Date) -> String {
        let passed = results.count(where: { $0.status == .passed })
        let failed = results.count(where: { $0.status == .failed || $0.status == .error })
        let skipped = results.count(where: { $0.status == .skipped })
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>postback-harness: \(passed) passed, \(failed) failed</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <h1>postback-harness report</h1>
            <p class="totals" id="totals"><span class="pass">\(passed) passed</span>, <span class="fail">\(failed) failed</span>, \
            <span class="skip">\(skipped) skipped</span> — \(results.count) scenario runs in \(Self.seconds(elapsed)), \
            started \(Markup.escape(JSONReport.iso8601(started)))</p>
            <table class="summary" id="summary">
            <thead><tr><th>result</th><th>scenario</th><th>file</th><th>time</th></tr></thead>
            <tbody>

            """
        for (index, result) in results.enumerated() {
            html += "<tr class=\"\(result.status.rawValue)\"><td>\(Self.badge(result.status))</td>"
            html += "<td><a href=\"#s\(index)\">\(Markup.escape(result.displayName))</a></td>"
            html += "<td>\(Markup.escape(result.file))</td><td>\(Self.seconds(result.duration))</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        if results.contains(where: { $0.referenceSends != nil }) {
            html += Self.conformance(ConformanceReport(results: results))
        }
        for (index, result) in results.enumerated() {
            html += section(result, index: index)
        }
        html += "</body>\n</html>\n"
        return html
    }

    /// The conformance report of a differential run: a table of DESIGN §3's rules, then each
    /// answer that differed from the reference's.
    static func conformance(_ report: ConformanceReport) -> String {
        var html = "<section class=\"conformance\" id=\"conformance\">\n<h2>Conformance against the reference</h2>\n"
        html +=
            "<table class=\"summary\">\n<thead><tr><th>result</th><th>rule (DESIGN §3)</th><th>answers</th></tr></thead>\n<tbody>\n"
        for line in report.rules {
            let status: ScenarioStatus = line.exercised == 0 ? .skipped : (line.isConforming ? .passed : .failed)
            let answers =
                line.exercised == 0 ? "not exercised" : "\(line.conforming)/\(line.exercised) as the reference"
            html += "<tr class=\"\(status.rawValue)\"><td>\(badge(status))</td><td>\(Markup.escape(line.title))</td>"
            html += "<td>\(answers)</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        for line in report.rules where !line.isConforming {
            html += "<h3>\(Markup.escape(line.title))</h3>\n<ul>\n"
            for mismatch in line.mismatches.prefix(20) {
                html += "<li>\(Markup.escape(mismatch.scenario)): <code>\(Markup.escape(mismatch.url))</code><ul>"
                html += mismatch.differences.map { "<li>\(Markup.escape($0))</li>" }.joined()
                html += "</ul></li>\n"
            }
            html += "</ul>\n"
        }
        for note in report.unpaired { html += "<p class=\"fail\">\(Markup.escape(note))</p>\n" }
        return html + "</section>\n"
    }

    private func section(_ result: ScenarioResult, index: Int) -> String {
        let open = result.status == .failed || result.status == .error ? " open" : ""
        var html = "<section class=\"scenario \(result.status.rawValue)\" id=\"s\(index)\">\n"
        html += "<details\(open)><summary>\(Self.badge(result.status)) \(Markup.escape(result.displayName))"
        html += " <span class=\"file\">\(Markup.escape(result.file))</span></summary>\n"
        if !result.tags.isEmpty {
            html += "<p class=\"tags\">tags: \(result.tags.map(Markup.escape).joined(separator: ", "))</p>\n"
        }
        if let reason = result.skipReason {
            html += "<p class=\"reason\">not run: \(Markup.escape(reason))</p>\n"
        }
        if let error = result.error {
            html += "<p class=\"error\">error: \(Markup.escape(error))</p>\n"
        }
        for outcome in result.campaigns {
            html += campaign(outcome, sends: result.sends(forCampaign: outcome.campaignID))
        }
        html += "</details>\n</section>\n"
        return html
    }

    private func campaign(_ outcome: CampaignOutcome, sends: [SentPostback]) -> String {
        let failing = !outcome.differences.isEmpty
        var html = "<h3>campaign \(Markup.escape(outcome.campaignID))"
        html += failing ? " — expected vs recorded</h3>\n" : "</h3>\n"
        html += "<table class=\"expectations\"><thead><tr><th></th><th>field</th><th>expected</th>"
        html += "<th>recorded</th><th>written at</th></tr></thead><tbody>\n"
        for check in FieldCheck.checks(of: outcome) {
            html += "<tr class=\"\(check.met ? "met" : "unmet")\"><td>\(check.met ? "✓" : "✗")</td>"
            html += "<td>\(Markup.escape(check.field))</td><td>\(Markup.escape(check.expected))</td>"
            html += "<td>\(Markup.escape(check.recorded ?? "—"))</td>"
            html += "<td>\(Markup.escape(check.location?.description ?? ""))</td></tr>\n"
        }
        html += "</tbody></table>\n"
        guard failing else { return html }
        html += "<h4>postbacks behind it (\(sends.count) sent for campaign \(Markup.escape(outcome.campaignID)))</h4>\n"
        guard !sends.isEmpty else { return html + "<p>no postback was sent for this campaign</p>\n" }
        html += "<table class=\"sends\"><thead><tr><th>#</th><th>tracker</th><th>click id</th><th>request</th>"
        html += "<th>HTTP</th><th>verdict</th><th>reason</th><th>message</th></tr></thead><tbody>\n"
        for (number, send) in sends.prefix(maxSendsPerCampaign).enumerated() {
            let last = send.attempts.last
            let verdict = send.verdict
            var request = last.map { "\($0.method) \($0.url)" } ?? ""
            if let body = last?.body { request += "  body: \(body)" }
            if send.attempts.count > 1 { request += "  (after \(send.attempts.count) sends)" }
            let result = verdict?.result.rawValue ?? (last?.status == nil ? "not delivered" : "no verdict")
            html +=
                "<tr class=\"\(Markup.escape(result))\"><td>\(number + 1)</td><td>\(Markup.escape(send.tracker))</td>"
            html += "<td>\(Markup.escape(send.clickID ?? "none"))</td><td class=\"url\">\(Markup.escape(request))</td>"
            html += "<td>\(last?.status.map(String.init) ?? "—")</td><td>\(Markup.escape(result))</td>"
            html += "<td>\(Markup.escape(verdict?.reason?.rawValue ?? ""))</td>"
            html += "<td>\(Markup.escape(verdict?.message ?? last?.error ?? ""))</td></tr>\n"
        }
        html += "</tbody></table>\n"
        if sends.count > maxSendsPerCampaign {
            html += "<p>… and \(sends.count - maxSendsPerCampaign) more (see the JSON report)</p>\n"
        }
        return html
    }

    static func badge(_ status: ScenarioStatus) -> String {
        let word =
            switch status {
            case .passed: "PASS"
            case .failed: "FAIL"
            case .error: "ERROR"
            case .skipped: "SKIP"
            }
        return "<span class=\"badge \(status.rawValue)\">\(word)</span>"
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.2fs", value)
    }

    static let style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
        h1{font-size:1.4em}
        table{border-collapse:collapse;margin:.5em 0}
        th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
        td.url{font-family:monospace;word-break:break-all;max-width:48em}
        .badge{font-weight:bold;padding:0 4px;border-radius:3px;color:#fff}
        .badge.passed{background:#2a7d2a}.badge.failed,.badge.error{background:#b52020}
        .badge.skipped{background:#a07000}
        .pass{color:#2a7d2a}.fail{color:#b52020}.skip{color:#a07000}
        tr.unmet{background:#fde8e8}tr.met{background:#eef8ee}
        .file{color:#666;font-size:.9em}
        section{margin:1em 0}summary{cursor:pointer;font-size:1.1em}
        .error,.reason{font-family:monospace}
        """
}
