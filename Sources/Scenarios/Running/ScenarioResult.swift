import PostbackCore
import Trackers

/// What running one scenario gave: pass or fail, the differences, and the sends behind them.
public struct ScenarioResult: Sendable {
    public var name: String
    public var file: String
    public var tags: [String]
    /// Per expected campaign: the recorded stats and the differences from the expectation.
    public var campaigns: [CampaignOutcome]
    /// The postbacks sent, in send order per step: all of them, except in a step of more than
    /// ``RunnerConfiguration/keptSendsPerStep`` sends, whose later sends are only counted in
    /// ``omittedSends``.
    public var sends: [SentPostback]
    /// Sends counted but not kept one by one (big steps), by campaign and outcome.
    public var omittedSends: [OmittedSends] = []
    /// A runtime problem that stopped the scenario (cannot bind, a step asking for clicks
    /// that do not exist, …); the scenario fails.
    public var error: String?
    /// Whether `error` is a runtime failure of the harness itself (cannot bind, store
    /// unavailable) rather than of the scenario.
    public var isRuntimeError: Bool
    /// Why the scenario was not run (e.g. it needs the embedded receiver); `nil` when it ran.
    public var skipReason: String?
    /// Which run of the scenario this is, from 1, and how many were asked for (`--repeat`).
    public var repetition: Int
    public var repetitions: Int
    public var duration: Duration
    /// In a differential run (``RunnerConfiguration/differential``), the sends of the same
    /// scenario against the embedded reference receiver, in the same order as ``sends``.
    public var referenceSends: [SentPostback]?

    public init(
        name: String, file: String, tags: [String], campaigns: [CampaignOutcome] = [], sends: [SentPostback] = [],
        error: String? = nil, isRuntimeError: Bool = false, skipReason: String? = nil, repetition: Int = 1,
        repetitions: Int = 1, duration: Duration = .zero
    ) {
        self.name = name
        self.file = file
        self.tags = tags
        self.campaigns = campaigns
        self.sends = sends
        self.error = error
        self.isRuntimeError = isRuntimeError
        self.skipReason = skipReason
        self.repetition = repetition
        self.repetitions = repetitions
        self.duration = duration
    }

    /// Whether it ran, every stated expectation matched and nothing went wrong.
    public var passed: Bool {
        skipReason == nil && error == nil && campaigns.allSatisfy { $0.differences.isEmpty }
    }

    /// Whether it ran and did not pass (a difference, or an error).
    public var failed: Bool { skipReason == nil && !passed }

    /// How the scenario ended, for reports.
    public var status: ScenarioStatus {
        if skipReason != nil { return .skipped }
        if error != nil { return .error }
        return passed ? .passed : .failed
    }

    /// The name, with the run number when the scenario ran more than once: `name (run 2 of 3)`.
    public var displayName: String {
        repetitions > 1 ? "\(name) (run \(repetition) of \(repetitions))" : name
    }

    /// The sends that concern `campaignID` (the campaign whose clicks they converted), those
    /// kept one by one.
    public func sends(forCampaign campaignID: String) -> [SentPostback] {
        sends.filter { $0.campaignID == campaignID }
    }

    /// The sends counted but not kept for `campaignID`, by outcome.
    public func omittedSends(forCampaign campaignID: String) -> [OmittedSends] {
        omittedSends.filter { $0.campaignID == campaignID }
    }

    /// How many postbacks were sent for `campaignID`, kept or only counted.
    public func sendCount(forCampaign campaignID: String) -> Int {
        sends(forCampaign: campaignID).count + omittedSends(forCampaign: campaignID).reduce(0) { $0 + $1.count }
    }
}

/// Sends of one campaign that ended the same way, counted instead of kept (see
/// ``ScenarioResult/omittedSends``).
public struct OmittedSends: Sendable, Hashable {
    struct Key: Hashable, Sendable {
        var campaignID: String
        var label: String
    }

    public var campaignID: String
    /// How they ended, as ``SentPostback/outcomeLabel`` says: `accepted (HTTP 200)`,
    /// `rejected malformed_request (HTTP 400)`, `not delivered, after 3 sends`, …
    public var label: String
    public var count: Int

    public init(campaignID: String, label: String, count: Int) {
        self.campaignID = campaignID
        self.label = label
        self.count = count
    }
}

/// One campaign's recorded statistics next to what the scenario expected.
public struct CampaignOutcome: Sendable {
    public var campaignID: String
    public var recorded: CampaignStats?
    public var differences: [FieldDifference]
    /// What the scenario stated for this campaign, when known (for reports that list every
    /// expectation, met or not).
    public var expectation: CampaignExpectation?

    public init(
        campaignID: String, recorded: CampaignStats?, differences: [FieldDifference],
        expectation: CampaignExpectation? = nil
    ) {
        self.campaignID = campaignID
        self.recorded = recorded
        self.differences = differences
        self.expectation = expectation
    }
}

/// A postback the runner had a tracker send, with every attempt and the receiver's verdict.
public struct SentPostback: Sendable {
    /// Index of the traffic step (from 0) and its position in the scenario file.
    public var step: Int
    public var stepLocation: SourceLocation?
    public var tracker: String
    public var campaignID: String
    /// The click id the tracker captured, `nil` when it never had one.
    public var clickID: String?
    public var attempts: [SendAttempt]
    /// What the tracker reported upstream after these attempts, next to what happened; `nil`
    /// when not known.
    public var delivery: DeliveryReport?

    public init(
        step: Int, stepLocation: SourceLocation?, tracker: String, campaignID: String, clickID: String?,
        attempts: [SendAttempt], delivery: DeliveryReport? = nil
    ) {
        self.step = step
        self.stepLocation = stepLocation
        self.tracker = tracker
        self.campaignID = campaignID
        self.clickID = clickID
        self.attempts = attempts
        self.delivery = delivery
    }

    /// The verdict of the last attempt that got an answer, decoded from the receiver's JSON.
    public var verdict: Verdict? {
        guard let answer = attempts.last(where: { $0.answer != nil })?.answer else { return nil }
        return try? ReceiverJSONDecoding.verdict(from: answer)
    }

    /// How the send ended, to group sends in reports: `accepted (HTTP 200)`,
    /// `rejected unknown_click (HTTP 404)`, `HTTP 502` (an answer that is no verdict),
    /// `not delivered`; with `, after N sends` when it was retried.
    public var outcomeLabel: String { outcomeLabel(quick: false) }

    /// ``outcomeLabel``; with `quick`, the verdict's result and reason are read straight from
    /// the answer when it has the receiver's own shape, without decoding the whole JSON.
    func outcomeLabel(quick: Bool) -> String {
        guard let last = attempts.last else { return "not sent" }
        let label: String
        let answer = attempts.last(where: { $0.answer != nil })?.answer
        let summary: (result: String, reason: String?)? =
            quick
            ? answer.flatMap(ReceiverJSONDecoding.verdictSummary(from:))
                ?? verdict.map { ($0.result.rawValue, $0.reason?.rawValue) }
            : verdict.map { ($0.result.rawValue, $0.reason?.rawValue) }
        if let summary {
            label = "\(summary.result)\(summary.reason.map { " \($0)" } ?? "") (HTTP \(last.status ?? 0))"
        } else if let status = last.status {
            label = "HTTP \(status)"
        } else {
            label = "not delivered"
        }
        return attempts.count > 1 ? label + ", after \(attempts.count) sends" : label
    }
}
