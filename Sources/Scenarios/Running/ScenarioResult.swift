import PostbackCore
import Trackers

/// What running one scenario gave: pass or fail, the differences, and the sends behind them.
public struct ScenarioResult: Sendable {
    public var name: String
    public var file: String
    public var tags: [String]
    /// Per expected campaign: the recorded stats and the differences from the expectation.
    public var campaigns: [CampaignOutcome]
    /// Every postback sent, in send order per step.
    public var sends: [SentPostback]
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

    /// The sends that concern `campaignID` (the campaign whose clicks they converted).
    public func sends(forCampaign campaignID: String) -> [SentPostback] {
        sends.filter { $0.campaignID == campaignID }
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

    public init(
        step: Int, stepLocation: SourceLocation?, tracker: String, campaignID: String, clickID: String?,
        attempts: [SendAttempt]
    ) {
        self.step = step
        self.stepLocation = stepLocation
        self.tracker = tracker
        self.campaignID = campaignID
        self.clickID = clickID
        self.attempts = attempts
    }

    /// The verdict of the last attempt that got an answer, decoded from the receiver's JSON.
    public var verdict: Verdict? {
        guard let answer = attempts.last(where: { $0.answer != nil })?.answer else { return nil }
        return try? ReceiverJSONDecoding.verdict(from: answer)
    }
}
