import PostbackCore
import Receiver
import Trackers

/// One scenario file (DESIGN §5): campaigns, clicks, trackers, traffic and the statistics
/// expected afterwards. Everything is resolved and validated by ``ScenarioLoader``: cross
/// references hold, profiles are loaded, each traffic step knows its campaign.
public struct Scenario: Sendable {
    public var name: String
    public var tags: [String]
    /// The file it was loaded from, as named by the caller.
    public var file: String
    /// In file order.
    public var campaigns: [Campaign]
    public var clicks: [ClickBatch]
    public var trackers: [ScenarioTracker]
    public var traffic: [TrafficStep]
    /// Wall-clock seconds per simulated second for retry delays and click ages; `nil` for the
    /// runner's default.
    public var timeScale: Double?
    /// Seed for anything the runner draws at random, so that a run is reproducible.
    public var seed: UInt64?
    /// Per campaign, in file order.
    public var expectations: [CampaignExpectation]
    /// Faults the receiver injects into its answers for the whole scenario (`receiver:`).
    public var receiverFaults: [ReceiverFaults.Rule] = []

    public init(
        name: String, tags: [String] = [], file: String, campaigns: [Campaign] = [], clicks: [ClickBatch] = [],
        trackers: [ScenarioTracker] = [], traffic: [TrafficStep] = [], timeScale: Double? = nil,
        seed: UInt64? = nil, expectations: [CampaignExpectation] = []
    ) {
        self.name = name
        self.tags = tags
        self.file = file
        self.campaigns = campaigns
        self.clicks = clicks
        self.trackers = trackers
        self.traffic = traffic
        self.timeScale = timeScale
        self.seed = seed
        self.expectations = expectations
    }

    /// The campaign with `id`, if declared.
    public func campaign(id: String) -> Campaign? { campaigns.first { $0.id == id } }

    /// The tracker named `name`, if declared.
    public func tracker(named name: String) -> ScenarioTracker? { trackers.first { $0.name == name } }

    /// The expectation for campaign `id`, if stated.
    public func expectation(campaignID id: String) -> CampaignExpectation? {
        expectations.first { $0.campaignID == id }
    }
}
