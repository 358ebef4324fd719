import PostbackCore
import Trackers

/// The console report of a run: one line per scenario, and for a failure the expected and
/// recorded values field by field with the postbacks behind the difference.
public struct TextReport: Sendable {
    /// Whether to show every send's request and answer.
    public var verbose: Bool
    /// Postback groups shown under a failing campaign.
    public var maxGroups: Int

    public init(verbose: Bool = false, maxGroups: Int = 8) {
        self.verbose = verbose
        self.maxGroups = maxGroups
    }

    /// `PASS  name  (file, 0.21s)` or the failure block.
    public func render(_ result: ScenarioResult) -> String {
        var lines = [
            "\(result.passed ? "PASS" : "FAIL")  \(result.name)  (\(result.file), \(seconds(result.duration)))"
        ]
        if let error = result.error {
            lines.append("      error: \(error)")
        }
        for campaign in result.campaigns where !campaign.differences.isEmpty {
            lines.append("      campaign \(campaign.campaignID): expected vs recorded")
            for difference in campaign.differences {
                var line =
                    "        \(difference.field): expected \(difference.expected), recorded \(difference.recorded)"
                if let location = difference.location {
                    line += "   (\(location.file):\(location.line):\(location.column))"
                }
                lines.append(line)
            }
            lines += postbackLines(result.sends(forCampaign: campaign.campaignID), campaign: campaign.campaignID)
        }
        if verbose {
            for send in result.sends {
                for attempt in send.attempts {
                    var line = "      > \(send.tracker) \(attempt.method) \(attempt.url)"
                    if let body = attempt.body { line += " body: \(body)" }
                    lines.append(line)
                    if let status = attempt.status {
                        lines.append("      < \(status) \(attempt.answer ?? "")")
                    } else {
                        lines.append("      < no answer: \(attempt.error ?? "")")
                    }
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The sends for a campaign, grouped by verdict, each group with one example request.
    func postbackLines(_ sends: [SentPostback], campaign: String) -> [String] {
        guard !sends.isEmpty else {
            return ["      no postback was sent for campaign \(campaign)"]
        }
        struct Group {
            var label: String
            var count: Int
            var example: SendAttempt
            var message: String?
        }
        var groups: [Group] = []
        var index: [String: Int] = [:]
        for send in sends {
            guard let last = send.attempts.last else { continue }
            let verdict = send.verdict
            let label: String
            if let verdict {
                let reason = verdict.reason.map { " \($0.rawValue)" } ?? ""
                label = "\(verdict.result.rawValue)\(reason) (HTTP \(last.status ?? 0))"
            } else if let status = last.status {
                label = "HTTP \(status)"
            } else {
                label = "not delivered"
            }
            let retries = send.attempts.count > 1 ? ", after \(send.attempts.count) sends" : ""
            let key = label + retries
            if let position = index[key] {
                groups[position].count += 1
            } else {
                index[key] = groups.count
                groups.append(
                    Group(label: key, count: 1, example: last, message: verdict?.message ?? last.error))
            }
        }
        var lines = ["      postbacks behind it (\(sends.count) sent for campaign \(campaign)):"]
        for group in groups.prefix(maxGroups) {
            lines.append("        \(group.count) × \(group.label)")
            lines.append("            e.g. \(group.example.method) \(group.example.url)")
            if let message = group.message { lines.append("            \(message)") }
        }
        if groups.count > maxGroups {
            lines.append("        … and \(groups.count - maxGroups) more kinds")
        }
        return lines
    }

    /// `ran 13 scenarios in 3.20s` then, alone on its line, `12 passed, 1 failed`.
    public func summary(_ results: [ScenarioResult], elapsed: Duration) -> String {
        let passed = results.filter(\.passed).count
        let noun = results.count == 1 ? "scenario" : "scenarios"
        return "ran \(results.count) \(noun) in \(seconds(elapsed))\n\(passed) passed, \(results.count - passed) failed"
    }

    func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.2fs", value)
    }
}
