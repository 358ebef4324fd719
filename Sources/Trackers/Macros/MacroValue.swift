/// Where a macro's value comes from when a tracker fills a postback template.
public enum MacroValue: Sendable, Hashable {
    /// The click id the tracker captured from ClickWall's tracking link (`nil` if never captured).
    case clickID
    /// The tracker's own click id, derived from the captured one: an id ClickWall never issued
    /// (Voluum `{clickid}`, Keitaro `{subid}`, Binom `{clickid}`).
    case trackerClickID
    case campaignID
    /// The event as the partner (ClickWall) knows it: the tracker's event after its event
    /// mapping (`purchase`).
    case event
    /// The event as the tracker itself knows it: AppsFlyer's `af_purchase`, Adjust's event token.
    case trackerEvent
    /// `install` for an install, `event` for an in-app event (Adjust `{activity_kind}`).
    case activityKind
    /// The device's advertising id (IDFA/GAID), derived from the click so that runs repeat;
    /// an id ClickWall never issued.
    case deviceID
    /// The conversion's time as Unix seconds.
    case unixTime
    case payout
    /// Revenue or sale amount.
    case amount
    case currency
    case txid
    /// The conversion status.
    case status
    /// A fixed value.
    case constant(String)
    /// A named extra value of the conversion (``ConversionValues/extra``).
    case extra(String)
    /// The macro is sent as written, unsubstituted.
    case literal
    /// The macro is replaced with nothing.
    case empty

    /// Names of the cases that take no argument, as written in profile files.
    public static let namedSources: [String: MacroValue] = [
        "click_id": .clickID, "tracker_click_id": .trackerClickID, "campaign_id": .campaignID,
        "event": .event, "tracker_event": .trackerEvent, "activity_kind": .activityKind,
        "device_id": .deviceID, "time": .unixTime, "payout": .payout, "amount": .amount, "currency": .currency,
        "txid": .txid,
        "status": .status, "literal": .literal, "empty": .empty,
    ]

    /// The value for a conversion; `nil` when the conversion has none (e.g. no click id).
    public func resolve(_ values: ConversionValues) -> String? {
        switch self {
        case .clickID: values.clickID
        case .trackerClickID: values.clickID.map(Self.trackerClickID(for:))
        case .campaignID: values.campaignID
        case .event: values.event
        case .trackerEvent: values.trackerEvent ?? values.event
        case .activityKind: ConversionValues.isInstall(values.trackerEvent ?? values.event) ? "install" : "event"
        case .deviceID: values.clickID.map(Self.deviceID(for:))
        case .unixTime: values.unixTime.map(String.init)
        case .payout: values.payout
        case .amount: values.amount
        case .currency: values.currency
        case .txid: values.txid
        case .status: values.status
        case .constant(let value): value
        case .extra(let name): values.extra[name]
        case .literal, .empty: nil
        }
    }

    /// A tracker's own click id for a captured one: 16 hex digits of FNV-1a, deterministic.
    public static func trackerClickID(for clickID: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in clickID.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// A device advertising id for a click: a deterministic UUID-shaped value (upper-case hex).
    public static func deviceID(for clickID: String) -> String {
        let high = trackerClickID(for: "device:" + clickID).uppercased()
        let low = trackerClickID(for: "device2:" + clickID).uppercased()
        let hex = Array(high + low)
        return [hex[0..<8], hex[8..<12], hex[12..<16], hex[16..<20], hex[20..<32]].map { String($0) }.joined(
            separator: "-")
    }
}
