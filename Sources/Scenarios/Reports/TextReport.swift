import PostbackCore
import Trackers

/// The console report of a run: one line per scenario, and for a failure the expected and
/// recorded values field by field with the postbacks behind the difference.
public struct TextReport: Sendable {
    /// Whether to show every send's request and answer.
    public var verbose: Bool
    /// Postback groups shown under a failing campaign.
    public var maxGroups: Int
    /// Whether to colour PASS, FAIL and SKIP with ANSI escapes (a terminal without `NO_COLOR`).
    public var colored: Bool

    public init(verbose: Bool = false, maxGroups: Int = 8, colored: Bool = false) {
        self.verbose = verbose
        self.maxGroups = maxGroups
        self.colored = colored
    }

    /// `PASS  name  (file, 0.21s)`, `SKIP  name  (file): reason`, or the failure block.
    public func render(_ result: ScenarioResult) -> String {
        if let reason = result.skipReason {
            return "\(paint("SKIP", .yellow))  \(result.displayName)  (\(result.file)): \(reason)"
        }
        let word = result.passed ? paint("PASS", .green) : paint("FAIL", .red)
        let head = "\(word)  \(result.displayName)  (\(result.file), \(seconds(result.duration)))"
        return ([head] + details(result)).joined(separator: "\n")
    }

    /// What is shown under a scenario's line: the error, the differences field by field with
    /// the postbacks behind them, and with ``verbose`` every send.
    public func details(_ result: ScenarioResult) -> [String] {
        var lines: [String] = []
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
            lines += postbackLines(
                result.sends(forCampaign: campaign.campaignID), campaign: campaign.campaignID,
                omitted: result.omittedSends(forCampaign: campaign.campaignID))
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
                if let delivery = send.delivery, delivery.isMisreported {
                    lines.append("      ! \(Self.misreport(delivery, tracker: send.tracker, count: 1))")
                }
            }
        }
        return lines
    }

    /// The sends for a campaign, grouped by verdict, each group with one example request;
    /// `omitted` (sends only counted) add to the groups' counts.
    func postbackLines(_ sends: [SentPostback], campaign: String, omitted: [OmittedSends] = []) -> [String] {
        guard !sends.isEmpty || !omitted.isEmpty else {
            return ["      no postback was sent for campaign \(campaign)"]
        }
        struct Group {
            var label: String
            var count: Int
            var example: SendAttempt?
            var message: String?
            /// A send of the group the tracker misreported upstream, and how many.
            var misreported: (report: DeliveryReport, tracker: String, count: Int)?
        }
        var groups: [Group] = []
        var index: [String: Int] = [:]
        for send in sends {
            guard let last = send.attempts.last else { continue }
            let key = send.outcomeLabel
            let position: Int
            if let known = index[key] {
                position = known
                groups[position].count += 1
            } else {
                position = groups.count
                index[key] = groups.count
                groups.append(
                    Group(label: key, count: 1, example: last, message: send.verdict?.message ?? last.error))
            }
            if let delivery = send.delivery, delivery.isMisreported {
                groups[position].misreported = (delivery, send.tracker, (groups[position].misreported?.count ?? 0) + 1)
            }
        }
        for tally in omitted {
            if let position = index[tally.label] {
                groups[position].count += tally.count
            } else {
                index[tally.label] = groups.count
                groups.append(Group(label: tally.label, count: tally.count))
            }
        }
        let total = sends.count + omitted.reduce(0) { $0 + $1.count }
        var lines = ["      postbacks behind it (\(total) sent for campaign \(campaign)):"]
        for group in groups.prefix(maxGroups) {
            lines.append("        \(group.count) × \(group.label)")
            if let example = group.example { lines.append("            e.g. \(example.method) \(example.url)") }
            if let message = group.message { lines.append("            \(message)") }
            if let misreported = group.misreported {
                lines.append(
                    "            "
                        + Self.misreport(misreported.report, tracker: misreported.tracker, count: misreported.count))
            }
        }
        if groups.count > maxGroups {
            lines.append("        … and \(groups.count - maxGroups) more kinds")
        }
        return lines
    }

    /// What a tracker reported upstream against what happened (delivered: ClickWall answered
    /// 2xx): `tracker x reported "success" upstream for 3 of these, which were not delivered`.
    static func misreport(_ delivery: DeliveryReport, tracker: String, count: Int) -> String {
        let these = count == 1 ? "this postback" : "\(count) of these"
        let verb = count == 1 ? "was" : "were"
        let truth = delivery.delivered ? "which \(verb) delivered" : "which \(verb) not delivered"
        return "tracker \(tracker) reported \"\(delivery.reportedName)\" upstream for \(these), \(truth)"
    }

    /// `ran 13 scenarios in 3.20s` (with what was not run after a failure, and flaky scenarios of
    /// a repeated run) then, alone on its line, `12 passed, 1 failed, 0 skipped`: the three
    /// counts always, so that a run that skipped is never read as one that tested.
    public func summary(_ results: [ScenarioResult], elapsed: Duration, notRun: Int = 0) -> String {
        let passed = results.filter(\.passed).count
        let failed = results.filter(\.failed).count
        let skipped = results.count - passed - failed
        let ran = results.count - skipped
        var head = "ran \(ran) \(ran == 1 ? "scenario" : "scenarios") in \(seconds(elapsed))"
        if notRun > 0 { head += ", \(notRun) not run after the first failure (--fail-fast)" }
        var lines = [head]
        for (name, file, passes, runs) in flaky(results) {
            lines.append("flaky: \(name) (\(file)) passed \(passes) of \(runs) runs")
        }
        let tally = "\(passed) passed, \(failed) failed, \(skipped) skipped"
        if failed > 0 {
            lines.append(paint(tally, .red))
        } else if skipped > 0 {
            lines.append(paint(tally, .yellow))
        } else {
            lines.append(passed > 0 ? paint(tally, .green) : tally)
        }
        return lines.joined(separator: "\n")
    }

    /// Scenarios run more than once that passed some runs and failed others.
    func flaky(_ results: [ScenarioResult]) -> [(String, String, Int, Int)] {
        var order: [String] = []
        var tally: [String: (name: String, file: String, passes: Int, runs: Int)] = [:]
        for result in results where result.repetitions > 1 && result.skipReason == nil {
            let key = result.file + "\u{0}" + result.name
            if tally[key] == nil {
                order.append(key)
                tally[key] = (result.name, result.file, 0, 0)
            }
            tally[key]?.runs += 1
            if result.passed { tally[key]?.passes += 1 }
        }
        return order.compactMap { tally[$0] }.filter { $0.passes > 0 && $0.passes < $0.runs }
            .map { ($0.name, $0.file, $0.passes, $0.runs) }
    }

    /// ANSI colours used when ``colored`` is on.
    public enum Colour: String, Sendable {
        case red = "31"
        case green = "32"
        case yellow = "33"
    }

    /// `text` in `colour` when ``colored`` is on, else `text`.
    public func paint(_ text: String, _ colour: Colour) -> String {
        colored ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }

    func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.2fs", value)
    }
}
