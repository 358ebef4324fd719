import Foundation
import PostbackCore
import Scenarios
import Trackers

/// `check`'s text output: the findings, each with its fix, then the test conversion.
struct CheckReport {
    let lint: TemplateLint
    let template: String
    let findings: [LintFinding]
    let simulation: TestConversion.Report?

    var text: String {
        var lines: [String] = []
        let campaign = lint.campaignID.map { " (campaign \($0))" } ?? ""
        let what = lint.profile.configuredPostbackNoun
        lines.append("Checking the \(what) for \(lint.trackerName)\(campaign):")
        lines.append("  \(CheckReport.visible(template))")
        lines.append("")
        if findings.isEmpty {
            let noun = lint.profile.configuredPostbackNoun.replacing("postback ", with: "")
            lines.append("No problems: the \(noun) is right for \(lint.trackerName).")
        } else {
            for finding in findings {
                let label = finding.severity == .error ? "error  " : "warning"
                lines.append("\(label) [\(finding.code.rawValue)] \(finding.problem)")
                lines.append("        fix: \(finding.fix)")
            }
            let errors = findings.filter { $0.severity == .error }.count
            let warnings = findings.count - errors
            lines.append("")
            lines.append(
                "\(findings.count) problem\(findings.count == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), "
                    + "\(warnings) warning\(warnings == 1 ? "" : "s").")
        }
        if let simulation {
            lines += ["", "Test conversion through an embedded receiver:"] + Self.lines(for: simulation)
        }
        return lines.joined(separator: "\n")
    }

    static func lines(for report: TestConversion.Report) -> [String] {
        var lines: [String] = []
        let campaign = report.campaign
        lines.append(
            "  campaign  \(campaign.id) (\(campaign.status.rawValue), \(campaign.type.rawValue), payout "
                + "\(campaign.payout.description))")
        let link = report.trackingLink ?? "(no redirect)"
        lines.append("  click     GET /click/\(campaign.id) -> \(link)")
        lines.append(
            "  captured  "
                + (report.clickID.map { "click id \($0)" } ?? "no click id: the tracking link did not pass one"))
        if report.attempts.isEmpty {
            lines.append("  sent      nothing: \(report.notSentReason ?? "the tracker sent no postback")")
        }
        for attempt in report.attempts {
            lines.append(
                "  sent      \(attempt.method) \(visible(attempt.url))" + (attempt.body.map { "  body: \($0)" } ?? ""))
            if let status = attempt.status {
                lines.append("  answer    HTTP \(status) \(attempt.answer ?? "")")
            } else {
                lines.append("  answer    none: \(attempt.error ?? "not sent")")
            }
        }
        for (index, delivery) in report.deliveries.enumerated() where delivery.isMisreported {
            let which = report.deliveries.count > 1 ? "URL \(index + 1)" : "the postback"
            let truth = delivery.delivered ? "which was delivered" : "which was not delivered"
            lines.append(
                "  reported  the tracker tells the network \"\(delivery.reportedName)\" for \(which), \(truth)")
        }
        if let verdict = report.verdict {
            let reason = verdict.reason.map { " (\($0.rawValue))" } ?? ""
            lines.append("  verdict   \(verdict.result.rawValue)\(reason): \(verdict.message)")
        } else {
            lines.append("  verdict   none: the receiver never got the postback")
        }
        for entry in report.log {
            let reason = entry.reason.map { " \($0.rawValue)" } ?? ""
            lines.append(
                "  log       \(entry.method) \(entry.url) -> \(entry.httpStatus) \(entry.result.rawValue)\(reason)")
            for warning in entry.warnings { lines.append("            warning: \(warning)") }
        }
        if let stats = report.stats { lines.append("  stats     \(describe(stats))") }
        return lines
    }

    static func describe(_ stats: CampaignStats) -> String {
        let status = stats.conversionsByStatus
        let rejected =
            stats.rejected.isEmpty
            ? "none" : stats.rejected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "clicks \(stats.clicks), conversions \(stats.conversions) (approved \(status.approved), pending "
            + "\(status.pending), declined \(status.declined)), duplicates \(stats.duplicates), status updates "
            + "\(stats.statusUpdates), rejected: \(rejected), payout \(stats.payoutTotal.description)"
    }

    /// Line breaks and tabs shown as `\n`, `\r`, `\t` so that the template stays on one line.
    static func visible(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\t", with: "\\t")
    }
}

/// `check --format json`: a stable document for tools.
struct CheckDocument: Encodable {
    let tracker: String
    let template: String
    let campaignID: String?
    let findings: [LintFinding]
    let simulation: Simulation?

    var clean: Bool { !findings.contains { $0.severity == .error } }

    /// The test conversion, as recorded.
    struct Simulation: Encodable {
        let campaignID: String
        let trackingLink: String?
        let clickID: String?
        let attempts: [SendAttempt]
        let deliveries: [DeliveryReport]
        let notSentReason: String?
        let verdict: Verdict?
        let log: [PostbackLogEntry]
        let stats: CampaignStats?

        init(_ report: TestConversion.Report) {
            campaignID = report.campaign.id
            trackingLink = report.trackingLink
            clickID = report.clickID
            attempts = report.attempts
            deliveries = report.deliveries
            notSentReason = report.notSentReason
            verdict = report.verdict
            log = report.log
            stats = report.stats
        }

        enum CodingKeys: String, CodingKey {
            case campaignID = "campaign_id"
            case trackingLink = "tracking_link"
            case clickID = "click_id"
            case notSentReason = "not_sent_reason"
            case attempts, deliveries, verdict, log, stats
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(campaignID, forKey: .campaignID)
            try c.encode(trackingLink, forKey: .trackingLink)
            try c.encode(clickID, forKey: .clickID)
            try c.encode(attempts, forKey: .attempts)
            try c.encode(deliveries, forKey: .deliveries)
            try c.encode(notSentReason, forKey: .notSentReason)
            try c.encode(verdict, forKey: .verdict)
            try c.encode(log, forKey: .log)
            try c.encode(stats, forKey: .stats)
        }
    }

    enum CodingKeys: String, CodingKey {
        case tracker, template
        case campaignID = "campaign_id"
        case clean, findings, simulation
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tracker, forKey: .tracker)
        try c.encode(template, forKey: .template)
        try c.encode(campaignID, forKey: .campaignID)
        try c.encode(clean, forKey: .clean)
        try c.encode(findings, forKey: .findings)
        try c.encode(simulation, forKey: .simulation)
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
