import Foundation
import PostbackCore
import Trackers

/// Writes the scenario of a learnt tracker (DESIGN §5): the replay's campaigns and clicks, the
/// learnt profile sending each captured conversion once, in order, with the values it carried,
/// the receiver failing the first postbacks as many times as the capture shows 5xx answers, and
/// the statistics of the replay as `expect`.
public struct LearntScenario: Sendable {
    public var learnt: LearntTracker
    /// The replay of the postbacks that reached a decision (``TrackerLearner/decidedLog(_:)``).
    public var report: ReplayReport
    /// The profile file as the scenario names it (a path relative to the scenario).
    public var profilePath: String
    public var logName: String
    public var writtenAmounts: [String]
    /// How the log names a position: `line`, or `entry` (HAR, the receiver's export).
    public var unit: String

    public init(
        learnt: LearntTracker, report: ReplayReport, profilePath: String, logName: String, unit: String = "line",
        writtenAmounts: [String] = []
    ) {
        self.unit = unit
        self.learnt = learnt
        self.report = report
        self.profilePath = profilePath
        self.logName = logName
        self.writtenAmounts = writtenAmounts
    }

    /// Conversions the scenario cannot send, with why (also written as comments).
    public var inexact: [String] { build().inexact }

    public func yaml() -> String { build().text }

    private func build() -> (text: String, inexact: [String]) {
        let emitter = ScenarioEmitter(
            report: report, logName: logName, unit: unit, writtenAmounts: writtenAmounts)
        var inexact: [String] = []
        var index: [String: (campaign: String, offset: Int)] = [:]
        var perCampaign: [String: Int] = [:]
        for click in report.clicks {
            let offset = perCampaign[click.campaignID, default: 0]
            index[click.clickID] = (click.campaignID, offset)
            perCampaign[click.campaignID] = offset + 1
        }
        let tracker = "learnt"
        var traffic: [String] = []
        var failures = 0
        for conversion in learnt.conversions {
            failures += conversion.answers.filter { ($0 ?? 0) >= 500 }.count
            guard let click = conversion.clickID.flatMap({ index[$0] }) else {
                inexact.append("\(unit) \(conversion.line): its click id is not among the clicks: not sent")
                continue
            }
            var fields = [
                "tracker: \(tracker)", "campaign: \(ScenarioEmitter.quoted(click.campaign))", "convert: 1",
                "offset: \(click.offset)",
            ]
            var extra: [String] = []
            for parameter in learnt.parameters {
                guard let macro = parameter.macroName, let value = conversion.values[macro] else { continue }
                switch parameter.macroValue {
                case .payout: fields.append("payout: \(ScenarioEmitter.quoted(value))")
                case .amount: fields.append("amount: \(ScenarioEmitter.quoted(value))")
                case .currency: fields.append("currency: \(ScenarioEmitter.quoted(value))")
                case .status: fields.append("status: \(ScenarioEmitter.quoted(value))")
                case .event: fields.append("event: \(ScenarioEmitter.quoted(value))")
                case .txid: fields.append("txid: \(ScenarioEmitter.quoted(value))")
                case .extra(let name): extra.append("\(ScenarioEmitter.quoted(name)): \(ScenarioEmitter.quoted(value))")
                default: break
                }
            }
            if !extra.isEmpty { fields.append("values: {\(extra.joined(separator: ", "))}") }
            let retried = learnt.retry.maxAttempts > 1 && conversion.answers.dropLast().contains { ($0 ?? 0) >= 300 }
            if conversion.sends > 1 && !retried { fields.append("count: \(conversion.sends)") }
            traffic.append(
                "  - {\(fields.joined(separator: ", "))}   # \(logName) \(unit) \(conversion.line), sent \(conversion.sends)×"
            )
        }

        var lines: [String] = []
        lines.append("# Written by `postback-harness learn` from \(logName): each conversion of the log sent once by")
        lines.append("# the learnt profile, in log order, with the values it carried; repeats come from the profile's")
        lines.append("# retry policy. `expect` holds what replaying the log recorded.")
        for line in inexact { lines.append("# not exact: \(line)") }
        lines.append("name: \(ScenarioEmitter.quoted("learnt from \(logName)"))")
        lines.append("tags: [learnt]")
        lines.append("campaigns:")
        for campaign in report.campaigns { lines.append("  - " + emitter.campaignYAML(campaign)) }
        let clicks = emitter.clickBatches()
        if !clicks.isEmpty {
            lines.append("clicks:")
            lines += clicks
        }
        lines.append("trackers:")
        lines.append("  - {name: \(tracker), profile: \(ScenarioEmitter.quoted(profilePath))}")
        if !traffic.isEmpty {
            lines.append("traffic:")
            lines += traffic
        }
        if failures > 0 {
            lines.append(
                "# the capture shows \(TrackerLearner.count(failures, "answer")) 5xx: the receiver fails as many, the first ones"
            )
            lines.append("receiver: {fail_first: \(failures)}")
        }
        if !report.stats.isEmpty {
            lines.append("expect:")
            for stats in report.stats {
                lines.append("  \(ScenarioEmitter.quoted(stats.campaignID)): \(emitter.statsYAML(stats))")
            }
        }
        return (lines.joined(separator: "\n") + "\n", inexact)
    }
}

extension TrackerLearner {
    /// `log` without the sends answered 5xx: the receiver recorded nothing for them, so replaying
    /// the rest gives the statistics the capture left.
    public static func decidedLog(_ log: ParsedLog) -> ParsedLog {
        var decided = log
        decided.postbacks = log.postbacks.filter { postback in
            guard let answer = postback.logged else { return true }
            if answer.result == "unavailable" { return false }
            return !(answer.status.map { $0 >= 500 } ?? false)
        }
        return decided
    }
}
