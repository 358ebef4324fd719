import Trackers

/// One line of `traffic:`: a tracker converts some clicks of a campaign and sends postbacks.
///
/// The clicks converted are the campaign's clicks in the order they were made, from `offset`
/// on: `convert: 20` converts clicks 0–19, every time. A later step on the same clicks
/// therefore sends repeats: the same status makes duplicates, another `status` makes status
/// updates. Values (`payout`, `status`, …) are sent as written, valid or not.
public struct TrafficStep: Sendable, Hashable {
    /// The tracker that sends (a declared tracker's name).
    public var tracker: String
    /// The campaign whose clicks convert (resolved from the step, its tracker or the only campaign).
    public var campaignID: String
    /// How many clicks convert.
    public var convert: Int
    /// Index of the first converting click among the campaign's clicks (default 0).
    public var offset: Int
    public var event: String?
    public var fault: Fault?
    /// How many times each conversion's postback is sent (`count:`, default 1); a fault may
    /// read it as its own repeat count.
    public var count: Int?
    /// The conversion status to send (`pending`, `approved`, `declined`, or anything else).
    public var status: String?
    public var payout: String?
    public var amount: String?
    public var currency: String?
    public var txid: String?
    /// Extra named values for profile macros mapped to `{value: name}`.
    public var values: [String: String]
    public var location: SourceLocation?

    public init(
        tracker: String, campaignID: String, convert: Int, offset: Int = 0, event: String? = nil,
        fault: Fault? = nil, count: Int? = nil, status: String? = nil, payout: String? = nil,
        amount: String? = nil, currency: String? = nil, txid: String? = nil, values: [String: String] = [:],
        location: SourceLocation? = nil
    ) {
        self.tracker = tracker
        self.campaignID = campaignID
        self.convert = convert
        self.offset = offset
        self.event = event
        self.fault = fault
        self.count = count
        self.status = status
        self.payout = payout
        self.amount = amount
        self.currency = currency
        self.txid = txid
        self.values = values
        self.location = location
    }

    /// The values a tracker fills its template with for the conversion of `clickID`.
    public func conversionValues(clickID: String?) -> ConversionValues {
        ConversionValues(
            clickID: clickID, campaignID: campaignID, event: event, payout: payout, amount: amount,
            currency: currency, txid: txid, status: status, extra: values)
    }
}
