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
    /// The conversion's time as an ISO 8601 UTC date-time (`2026-01-01T00:00:00Z`).
    case dateTime
    /// The user's IP address: an IPv4 address of the documentation range 198.51.100.0/24,
    /// derived from the click so that runs repeat.
    case ipAddress
    /// The user's country as an ISO 3166-1 alpha-2 code, derived from the click.
    case countryCode
    case payout
    /// Revenue or sale amount.
    case amount
    case currency
    case txid
    /// A random number of 7 digits (1000000–9999999), which a tracker draws for each postback
    /// (Prosper202 `[[random]]`): a transaction id of sorts. Derived from the click so that runs repeat.
    case randomNumber
    /// The conversion status.
    case status
    /// A fixed value.
    case constant(String)
    /// A named extra value of the conversion (``ConversionValues/extra``).
    case extra(String)
    /// A text value named `name` (a campaign name, an app id, a sub parameter): the conversion's
    /// extra value of that name when it has one, else `name-<8 hex digits>` derived from the click,
    /// so that every macro a tracker documents is filled with a value of its kind.
    case text(String)
    /// The value of the tracking link's query parameter `name` at the click (Prosper202's `c1`–`c4`,
    /// a traffic source's `sub_id_3`), percent-decoded once; `nil` when the link had none.
    case clickParameter(String)
    /// The macro is sent as written, unsubstituted.
    case literal
    /// The macro is replaced with nothing.
    case empty

    /// Names of the cases that take no argument, as written in profile files.
    public static let namedSources: [String: MacroValue] = [
        "click_id": .clickID, "tracker_click_id": .trackerClickID, "campaign_id": .campaignID,
        "event": .event, "tracker_event": .trackerEvent, "activity_kind": .activityKind,
        "device_id": .deviceID, "time": .unixTime, "datetime": .dateTime, "ip": .ipAddress,
        "country": .countryCode, "payout": .payout, "amount": .amount, "currency": .currency,
        "txid": .txid, "random_number": .randomNumber,
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
        case .dateTime: values.unixTime.map(Self.isoDateTime(unixTime:))
        case .ipAddress: values.clickID.map(Self.ipAddress(for:))
        case .countryCode: values.clickID.map(Self.countryCode(for:))
        case .payout: values.payout
        case .amount: values.amount
        case .currency: values.currency
        case .txid: values.txid
        case .randomNumber: values.clickID.map(Self.randomNumber(for:))
        case .status: values.status
        case .constant(let value): value
        case .extra(let name): values.extra[name]
        case .text(let name): values.extra[name] ?? values.clickID.map { Self.text(named: name, for: $0) }
        case .clickParameter(let name): values.clickParameters[name]
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

    /// An IPv4 address of the documentation range 198.51.100.0/24 (RFC 5737) for a click.
    public static func ipAddress(for clickID: String) -> String {
        let byte = UInt8(truncatingIfNeeded: UInt64(trackerClickID(for: "ip:" + clickID), radix: 16) ?? 0)
        return "198.51.100.\(Int(byte % 254) + 1)"
    }

    /// The countries a simulated user comes from (ISO 3166-1 alpha-2).
    static let countries = ["US", "DE", "FR", "GB", "BR", "IN", "JP", "CA", "ES", "IT"]

    /// A number of 7 digits (1000000–9999999) for a click.
    public static func randomNumber(for clickID: String) -> String {
        let hash = UInt64(trackerClickID(for: "random:" + clickID), radix: 16) ?? 0
        return String(1_000_000 + hash % 9_000_000)
    }

    /// A country code for a click, one of ``countries``.
    public static func countryCode(for clickID: String) -> String {
        let hash = UInt64(trackerClickID(for: "country:" + clickID), radix: 16) ?? 0
        return countries[Int(hash % UInt64(countries.count))]
    }

    /// A text value named `name` for a click: `name-` and 8 hex digits.
    public static func text(named name: String, for clickID: String) -> String {
        let safe = name.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(safe) + "-" + trackerClickID(for: name + ":" + clickID).prefix(8)
    }

    /// Unix seconds as an ISO 8601 UTC date-time: `2026-01-01T00:00:00Z`.
    public static func isoDateTime(unixTime: Int) -> String {
        let days = unixTime >= 0 ? unixTime / 86_400 : (unixTime - 86_399) / 86_400
        let seconds = unixTime - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(year)-\(two(month))-\(two(day))T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))Z"
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
