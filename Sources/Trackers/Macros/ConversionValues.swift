/// The values a tracker has for one conversion, from which it fills its postback template.
///
/// Values are sent as given: a scenario may set a deliberately bad `payout` or `status` to
/// provoke the receiver's `invalid_parameter`.
public struct ConversionValues: Sendable, Hashable {
    /// The click id captured from the tracking link; `nil` when the tracker never had one.
    public var clickID: String?
    public var campaignID: String?
    /// The event as sent to the partner (after the tracker's event mapping; `install` or `nil` for an install).
    public var event: String?
    /// The event as the tracker knows it (AppsFlyer event name, Adjust event token).
    public var trackerEvent: String?
    /// The conversion's time as Unix seconds.
    public var unixTime: Int?
    public var payout: String?
    public var amount: String?
    public var currency: String?
    public var txid: String?
    public var status: String?
    /// Further named values, reached by ``MacroValue/extra(_:)``.
    public var extra: [String: String]
    /// The tracking link's query parameters at the click, reached by ``MacroValue/clickParameter(_:)``.
    public var clickParameters: [String: String] = [:]

    public init(
        clickID: String?, campaignID: String? = nil, event: String? = nil, payout: String? = nil,
        amount: String? = nil, currency: String? = nil, txid: String? = nil, status: String? = nil,
        extra: [String: String] = [:], trackerEvent: String? = nil, unixTime: Int? = nil
    ) {
        self.trackerEvent = trackerEvent
        self.unixTime = unixTime
        self.clickID = clickID
        self.campaignID = campaignID
        self.event = event
        self.payout = payout
        self.amount = amount
        self.currency = currency
        self.txid = txid
        self.status = status
        self.extra = extra
    }

    /// Whether `event` names an install (no event, or `install`).
    public static func isInstall(_ event: String?) -> Bool {
        event == nil || event == "install"
    }
}
