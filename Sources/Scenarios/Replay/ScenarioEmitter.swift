import Foundation
import PostbackCore
import Trackers

/// Writes a scenario (DESIGN §5) that reproduces a replay's statistics (`replay --emit-scenario`).
///
/// The campaigns are the replay's (without tracking links, so a click hands its id straight to
/// the tracker); the clicks are as many as were issued, in the same order and of the same age.
/// Each postback of the log becomes one traffic step, in log order, sent by a tracker whose
/// template is the logged request with the issued click id replaced by the tracker's click
/// macro: the receiver sees the same bytes, except the click id, which the scenario issues anew.
/// A postback that names no issued click keeps its click id as logged. The `expect` block holds
/// the statistics the replay recorded.
public struct ScenarioEmitter: Sendable {
    public var report: ReplayReport
    /// The log's name, for the scenario's name and comments.
    public var logName: String
    /// Amounts of money as the inputs wrote them (the campaigns file's payouts); with the log's
    /// own `payout` and `amount` values they set how many decimals the scenario writes.
    public var writtenAmounts: [String]
    /// How the log names a position: `line`, or `entry` (HAR, the receiver's export).
    public var unit: String

    public init(report: ReplayReport, logName: String, unit: String = "line", writtenAmounts: [String] = []) {
        self.report = report
        self.logName = logName
        self.unit = unit
        self.writtenAmounts = writtenAmounts
    }

    /// The built-in trackers tried for a template, with the macro each fills with the click id
    /// (``TrackerProfile/builtInSenders``: those that send a configured postback, the ones that
    /// drop a repeated conversion last).
    static let senders: [(profile: TrackerProfile, macro: String)] = TrackerProfile.builtInSenders.map {
        ($0.profile, $0.clickMacro)
    }

    /// Lines that could not be reproduced byte for byte, with why (also written as comments).
    public var inexactLines: [String] { build().inexact }

    /// The scenario's YAML text.
    public func yaml() -> String { build().text }

    private func build() -> (text: String, inexact: [String]) {
        var inexact: [String] = []
        var clickIndex: [String: (campaign: String, index: Int)] = [:]
        var perCampaign: [String: Int] = [:]
        for click in report.clicks {
            let index = perCampaign[click.campaignID, default: 0]
            clickIndex[click.clickID] = (click.campaignID, index)
            perCampaign[click.campaignID] = index + 1
        }
        var campaigns = report.campaigns
        let spareID = "replay-spare-click"
        var fallbackCampaign = campaigns.first { perCampaign[$0.id, default: 0] > 0 }?.id
        var clicks = clickBatches()
        if fallbackCampaign == nil, !report.outcomes.isEmpty {
            campaigns.append(Campaign(id: spareID, status: .paused, type: .cpi, payout: .zero))
            clicks.append("  - {campaign: \(Self.quoted(spareID)), count: 1}")
            fallbackCampaign = spareID
        }

        var trackers: [String] = []
        var trackerNames: [String: String] = [:]
        var traffic: [String] = []
        var onceOnlyClicks: Set<String> = []
        var schemeUnknown: [Int] = []
        for outcome in report.outcomes {
            let postback = outcome.postback
            var target = postback.target
            if let body = postback.body, !body.isEmpty {
                target += (target.contains("?") ? "&" : "?") + String(decoding: body, as: UTF8.self)
                inexact.append(
                    "\(unit) \(postback.line): \(postback.method) with a form body is sent as GET with the body in the query"
                )
            } else if postback.method != "GET" {
                inexact.append("\(unit) \(postback.line): \(postback.method) is sent as GET (the trackers send GET)")
            }
            let issued = outcome.clickID.flatMap { clickIndex[$0] }
            var chosen: (profile: TrackerProfile, template: String)?
            let origin = "\(postback.scheme ?? "https")://clickwall.net"
            if postback.scheme == nil { schemeUnknown.append(postback.line) }
            for sender in Self.senders {
                let template =
                    origin + (issued == nil ? target : Self.replacingClickID(in: target, with: sender.macro))
                let filled = sender.profile.macroTemplate(template).macros.filter { sender.profile.knowsMacro($0.name) }
                if filled.map(\.text) == (issued == nil ? [] : [sender.macro]) {
                    chosen = (sender.profile, template)
                    break
                }
            }
            if chosen == nil {
                inexact.append("\(unit) \(postback.line): its literal macros collide with every built-in tracker's")
                chosen = Self.senders.first.map { ($0.profile, origin + target) }
            }
            guard let chosen else { continue }
            if !chosen.profile.firesOnRepeatedTransaction, let clickID = outcome.clickID, issued != nil,
                !onceOnlyClicks.insert(clickID).inserted
            {
                inexact.append(
                    "\(unit) \(postback.line): \(chosen.profile.name) drops a repeated conversion of one click, so this "
                        + "repeat is not sent")
            }
            let key = chosen.profile.name + " " + chosen.template
            let name: String
            if let existing = trackerNames[key] {
                name = existing
            } else {
                name = "t\(trackerNames.count + 1)"
                trackerNames[key] = name
                trackers.append(
                    "  - {name: \(name), profile: \(chosen.profile.name), postback: \(Self.quoted(chosen.template))}")
            }
            let campaign = issued?.campaign ?? fallbackCampaign ?? spareID
            traffic.append(
                "  - {tracker: \(name), campaign: \(Self.quoted(campaign)), convert: 1, offset: \(issued?.index ?? 0)}"
                    + "   # \(logName) #\(postback.line): \(outcome.result)"
                    + (outcome.verdict?.reason.map { " \($0.rawValue)" } ?? ""))
        }

        var lines: [String] = []
        lines.append("# Written by `postback-harness replay --emit-scenario` from \(logName).")
        lines.append("# Each postback of the log is one traffic step, in log order; the click ids are issued anew and")
        lines.append("# filled in by the tracker's click macro. `expect` holds what the replay recorded.")
        for line in inexact { lines.append("# not exact: \(line)") }
        if !schemeUnknown.isEmpty {
            let which =
                schemeUnknown.count == report.outcomes.count
                ? "" : " (\(unit) " + schemeUnknown.map(String.init).joined(separator: ", ") + ")"
            lines.append(
                "# https assumed where the log does not say http or https\(which), as ClickWall's postback URLs are.")
        }
        lines.append("name: \(Self.quoted("replay of \(logName)"))")
        lines.append("tags: [replay]")
        lines.append("campaigns:")
        for campaign in campaigns { lines.append("  - " + campaignYAML(campaign)) }
        if !clicks.isEmpty {
            lines.append("clicks:")
            lines += clicks
        }
        if !trackers.isEmpty {
            lines.append("trackers:")
            lines += trackers
            lines.append("traffic:")
            lines += traffic
        }
        if !report.stats.isEmpty {
            lines.append("expect:")
            for stats in report.stats { lines.append("  \(Self.quoted(stats.campaignID)): \(statsYAML(stats))") }
        }
        return (lines.joined(separator: "\n") + "\n", inexact)
    }

    /// Click batches in issue order: consecutive clicks of one campaign and one age together. A
    /// click's age is the one it had at its first logged postback (at the replay's start when no
    /// postback naming it has a time), since the scenario sends every postback now.
    func clickBatches() -> [String] {
        let firstUse = LogReplay.firstLoggedUse(report.outcomes.map { ($0.clickID, $0.postback.time) })
        let lastLogged = report.outcomes.compactMap(\.postback.time).max()
        var batches: [(campaign: String, age: Int?, count: Int)] = []
        for click in report.clicks {
            let reference = firstUse[click.clickID] ?? lastLogged ?? report.startedAt
            let age = click.createdAt.map { max(0, Int(reference.timeIntervalSince($0).rounded())) }
            let normalized = age == 0 ? nil : age
            if let last = batches.last, last.campaign == click.campaignID, last.age == normalized {
                batches[batches.count - 1].count += 1
            } else {
                batches.append((click.campaignID, normalized, 1))
            }
        }
        return batches.map { batch in
            "  - {campaign: \(Self.quoted(batch.campaign)), count: \(batch.count)"
                + (batch.age.map { ", age: \(Self.age($0))" } ?? "") + "}"
        }
    }

    /// `seconds` in the largest unit that writes it exactly: `2d`, `30h`, `90m`, `45s`.
    static func age(_ seconds: Int) -> String {
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }

    /// The most decimals any amount of the inputs was written with (`1.20` → 2).
    var writtenDecimals: Int {
        var texts = writtenAmounts
        for outcome in report.outcomes {
            guard case .success(let parsed) = LogReplay.parse(outcome.postback) else { continue }
            texts += ["payout", "amount"].compactMap { parsed.value($0) }
        }
        return texts.filter { Money($0) != nil }.map { $0.split(separator: ".").dropFirst().first?.count ?? 0 }.max()
            ?? 0
    }

    /// `value` with at least ``writtenDecimals`` decimals, as the inputs write money: `2.5` → `2.50`.
    func money(_ value: Money) -> String {
        let text = value.description
        let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
        let wanted = writtenDecimals
        guard decimals < wanted else { return text }
        return text + (decimals == 0 ? "." : "") + String(repeating: "0", count: wanted - decimals)
    }

    /// `target` with the raw value of its first `click_id` parameter replaced by `macro`.
    static func replacingClickID(in target: String, with macro: String) -> String {
        let url = PostbackURL(target)
        guard let query = url.query else { return target }
        var pieces = query.split(separator: "&", omittingEmptySubsequences: false).map(String.init)
        for index in pieces.indices {
            let parts = pieces[index].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentEncoding.decode(parts[0]) ?? String(parts[0])
            if name == "click_id", parts.count == 2 {
                pieces[index] = "\(parts[0])=\(macro)"
                break
            }
        }
        return url.replacingQuery(pieces.joined(separator: "&"))
    }

    func campaignYAML(_ campaign: Campaign) -> String {
        var fields = [
            "id: \(Self.quoted(campaign.id))", "status: \(campaign.status.rawValue)", "type: \(campaign.type.rawValue)",
            "payout: \(Self.quoted(money(campaign.payout)))",
        ]
        if let events = campaign.events, !events.isEmpty {
            let pairs = events.sorted { $0.key < $1.key }.map {
                "\(Self.quoted($0.key)): \(Self.quoted(money($0.value)))"
            }
            fields.append("events: {\(pairs.joined(separator: ", "))}")
        }
        if let token = campaign.token { fields.append("token: \(Self.quoted(token))") }
        if campaign.conversionWindowDays != 30 {
            fields.append("conversion_window_days: \(campaign.conversionWindowDays)")
        }
        if campaign.defaultConversionStatus != .approved {
            fields.append("default_conversion_status: \(campaign.defaultConversionStatus.rawValue)")
        }
        if campaign.dedup != .clickEvent { fields.append("dedup: \(campaign.dedup.rawValue)") }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    func statsYAML(_ stats: CampaignStats) -> String {
        let status = stats.conversionsByStatus
        var fields = [
            "clicks: \(stats.clicks)", "conversions: \(stats.conversions)",
            "conversions_by_status: {approved: \(status.approved), pending: \(status.pending), declined: \(status.declined)}",
            "duplicates: \(stats.duplicates)", "status_updates: \(stats.statusUpdates)",
        ]
        if !stats.rejected.isEmpty {
            let pairs = stats.rejected.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            fields.append("rejected: {\(pairs.joined(separator: ", "))}")
        }
        fields.append("payout_total: \(Self.quoted(money(stats.payoutTotal)))")
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// A YAML double-quoted scalar holding `text` exactly.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result +=
                        "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
