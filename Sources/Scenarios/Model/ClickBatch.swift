import Trackers

/// Clicks a scenario makes on a campaign before any traffic (`clicks:`).
public struct ClickBatch: Sendable, Hashable {
    public var campaignID: String
    public var count: Int
    /// How old the clicks are when the traffic starts (`age: 40d`); `nil` for fresh clicks.
    public var age: Duration?
    /// Where the batch is written, for messages.
    public var location: SourceLocation?

    public init(campaignID: String, count: Int, age: Duration? = nil, location: SourceLocation? = nil) {
        self.campaignID = campaignID
        self.count = count
        self.age = age
        self.location = location
    }
}
