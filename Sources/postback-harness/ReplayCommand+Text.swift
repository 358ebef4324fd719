import Foundation
import PostbackCore
import Scenarios

/// `replay`'s text output: a verdict per line, a summary table, the statistics after.
struct ReplayText {
    let log: String
    let parsed: ParsedLog
    let report: ReplayReport
    let receiver: String
    let campaignsFile: String?
    let clicksFile: String?
    let assumeIssued: Bool

    var text: String {
        var lines: [String] = []
        let count = parsed.postbacks.count
        lines.append(
            "Replaying \(count) postback\(count == 1 ? "" : "s") from \(log) (\(parsed.format.rawValue)) against "
                + (receiver == "embedded" ? "an embedded receiver" : receiver))
        let ids = report.campaigns.map(\.id).joined(separator: ", ")
        if !report.campaigns.isEmpty {
            let origin =
                report.inferredCampaigns
                ? "inferred from the log: active, cpi, payout 0; pass --campaigns for the real setup"
                : "from \(campaignsFile ?? "--campaigns")"
            lines.append("campaigns: \(ids) (\(origin))")
        }
        let clickOrigin = clicksFile ?? (assumeIssued ? "--assume-issued" : "none given: every click is unknown")
        lines.append("clicks issued: \(report.clicks.count) (\(clickOrigin))")
        lines += clockLines
        lines.append("")
        let unit = parsed.format.unit
        var notes =
            (parsed.unparsable.map { ($0.line, "unreadable: \($0.message)") }
                + parsed.notRequests.map { ($0.line, "not a request: \($0.message)") }
                + parsed.otherRequests.map { ($0.line, "skipped: \($0.message)") })
        notes.sort { $0.0 < $1.0 }
        var noteIndex = 0
        let width = String(max(parsed.postbacks.last?.line ?? 0, notes.last?.0 ?? 0)).count
        func label(_ line: Int) -> String {
            "\(unit) " + String(repeating: " ", count: max(0, width - String(line).count)) + "\(line)"
        }
        let differences = report.outcomes.filter { $0.matchesLog == false }
        let indent = String(repeating: " ", count: unit.count + width + 3)
        if !differences.isEmpty {
            lines.append(
                "\(differences.count) answer\(differences.count == 1 ? " differs" : "s differ") from the log:")
            for outcome in differences {
                lines.append(
                    "\(label(outcome.postback.line))  logged \(outcome.postback.logged?.description ?? "")"
                        + ", replayed \(outcome.replayedAnswer)")
                lines.append("\(indent)why: \(outcome.differenceFromLog ?? "")")
            }
            lines.append("")
        }
        for outcome in report.outcomes {
            while noteIndex < notes.count, notes[noteIndex].0 < outcome.postback.line {
                lines.append("\(label(notes[noteIndex].0))  \(notes[noteIndex].1)")
                noteIndex += 1
            }
            let postback = outcome.postback
            let answer = outcome.status.map { "HTTP \($0) " } ?? ""
            let reason = outcome.verdict?.reason.map { " \($0.rawValue)" } ?? ""
            let unlogged = postback.bodyNotLogged ? "  (body not logged)" : ""
            lines.append(
                "\(label(postback.line))  \(postback.method) \(postback.target)\(unlogged)  ->  "
                    + "\(answer)\(outcome.result)\(reason)")
            if postback.bodyNotLogged, outcome.verdict?.reason == .missingParameter {
                lines.append(
                    "\(indent)hint: the log does not keep request bodies: judged on the query alone; what is "
                        + "missing here may have been in the body.")
            } else if let verdict = outcome.verdict, verdict.result == .rejected {
                lines.append("\(indent)hint: \(verdict.message)")
            } else if let error = outcome.error {
                lines.append("\(indent)hint: \(error)")
            }
        }
        while noteIndex < notes.count {
            lines.append("\(label(notes[noteIndex].0))  \(notes[noteIndex].1)")
            noteIndex += 1
        }
        lines.append("")
        var rows = report.summary.map { ($0.key, $0.count) }
        if !parsed.unparsable.isEmpty {
            rows.append(("unreadable \(unit == "entry" ? "entries" : "lines")", parsed.unparsable.count))
        }
        if !parsed.notRequests.isEmpty { rows.append(("not requests", parsed.notRequests.count)) }
        if !parsed.otherRequests.isEmpty { rows.append(("not postbacks (skipped)", parsed.otherRequests.count)) }
        let read =
            report.outcomes.count + parsed.unparsable.count + parsed.notRequests.count + parsed.otherRequests.count
        rows.append(("total \(unit == "entry" ? "entries" : "lines") read", read))
        let keyWidth = max(24, rows.map(\.0.count).max() ?? 0)
        lines.append("Summary" + String(repeating: " ", count: keyWidth - 5) + "count")
        for (key, value) in rows {
            let number = String(value)
            lines.append("  " + key + String(repeating: " ", count: keyWidth - key.count + 5 - number.count) + number)
        }
        if !report.stats.isEmpty {
            lines.append("")
            lines.append("Statistics after the replay:")
            for stats in report.stats {
                lines.append("  campaign \(stats.campaignID): \(CheckReport.describe(stats))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// When the postbacks were judged: at their logged times, and, once, how many had none.
    var clockLines: [String] {
        var lines: [String] = []
        let times = parsed.postbacks.compactMap(\.time)
        let iso = ISO8601DateFormatter()
        if let first = times.min(), let last = times.max() {
            let span =
                first == last ? iso.string(from: first) : "\(iso.string(from: first)) … \(iso.string(from: last))"
            lines.append(
                report.setsClock
                    ? "clock: each postback judged at the time it was logged (\(span))"
                    : "clock: \(receiver) keeps its own clock, which replay cannot set: postbacks are judged now, each "
                        + "click issued as long before now as it was before its first logged postback (log: \(span))")
        }
        let untimed = parsed.postbacks.count - times.count
        if untimed > 0 {
            lines.append(
                untimed == parsed.postbacks.count
                    ? "clock: the log has no times: every postback judged now"
                    : "clock: \(untimed) postback\(untimed == 1 ? " has" : "s have") no time in the log: judged now")
        }
        return lines
    }
}
