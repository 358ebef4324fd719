import Foundation
import PostbackCore

/// What the receiver answered to one replayed postback.
public struct ReplayOutcome: Sendable {
    public var postback: LoggedPostback
    /// `campaign_id` and `click_id` as the rule chain read them, when they parsed cleanly.
    public var campaignID: String?
    public var clickID: String?
    public var status: Int?
    public var verdict: Verdict?
    /// Why there is no verdict: curl's message, or an answer that is not a postback answer.
    public var error: String?

    /// `accepted`, `duplicate`, `status_updated`, `rejected`, or `not_delivered`.
    public var result: String { verdict?.result.rawValue ?? "not_delivered" }

    /// Whether the receiver has the conversion (accepted, duplicate or status update).
    public var isDelivered: Bool { verdict.map { $0.result != .rejected } ?? false }
}

/// Everything a replay did: the verdicts in log order, what was set up, and the statistics after.
public struct ReplayReport: Sendable {
    public var outcomes: [ReplayOutcome]
    /// The campaigns created on the receiver, in order (given, or inferred from the log).
    public var campaigns: [Campaign]
    /// Whether ``campaigns`` were inferred from the log rather than given.
    public var inferredCampaigns: Bool
    /// The clicks issued before the replay, in order.
    public var clicks: [ClickRecord]
    public var stats: [CampaignStats]
    /// When the replay started.
    public var startedAt: Date
    /// Whether the receiver's clock was set to each postback's logged time (the embedded one);
    /// a running receiver judged at its own time, with the clicks issued shifted to keep their age.
    public var setsClock: Bool

    /// Outcomes counted by result and reason (`rejected/unknown_click`), sorted by count then name.
    public var summary: [(key: String, count: Int)] {
        var counts: [String: Int] = [:]
        for outcome in outcomes {
            let key = outcome.verdict?.reason.map { "\(outcome.result) \($0.rawValue)" } ?? outcome.result
            counts[key, default: 0] += 1
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
            (key: $0.key, count: $0.value)
        }
    }
}
