import PostbackCore
import Trackers

/// What a scenario expects of one campaign's statistics (`expect: {"1234": {…}}`): any subset
/// of the fields of ``CampaignStats``. A `nil` field is not checked.
public struct CampaignExpectation: Sendable, Hashable {
    public var campaignID: String
    public var clicks: Int?
    public var conversions: Int?
    public var approved: Int?
    public var pending: Int?
    public var declined: Int?
    public var duplicates: Int?
    public var statusUpdates: Int?
    /// Only the reasons named are checked; a reason not recorded counts as 0. An empty map
    /// (`rejected: {}`) means no rejection for any reason.
    public var rejected: [RejectReason: Int]?
    public var payoutTotal: Money?
    /// The expected rate as written, to the precision written (see ``Expectation``).
    public var conversionRate: String?
    /// Where the campaign's expectation is written.
    public var location: SourceLocation?
    /// Where each stated field is written, by field path (`rejected.unknown_click`).
    public var fieldLocations: [String: SourceLocation]

    public init(
        campaignID: String, clicks: Int? = nil, conversions: Int? = nil, approved: Int? = nil,
        pending: Int? = nil, declined: Int? = nil, duplicates: Int? = nil, statusUpdates: Int? = nil,
        rejected: [RejectReason: Int]? = nil, payoutTotal: Money? = nil, conversionRate: String? = nil,
        location: SourceLocation? = nil, fieldLocations: [String: SourceLocation] = [:]
    ) {
        self.campaignID = campaignID
        self.clicks = clicks
        self.conversions = conversions
        self.approved = approved
        self.pending = pending
        self.declined = declined
        self.duplicates = duplicates
        self.statusUpdates = statusUpdates
        self.rejected = rejected
        self.payoutTotal = payoutTotal
        self.conversionRate = conversionRate
        self.location = location
        self.fieldLocations = fieldLocations
    }
}
