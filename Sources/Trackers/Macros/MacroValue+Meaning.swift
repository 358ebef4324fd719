extension MacroValue {
    /// What a value of this source is, for messages and catalogues ("the click id ClickWall passed").
    public var meaning: String {
        switch self {
        case .clickID: "click id (the one ClickWall passed on the tracking link)"
        case .trackerClickID: "tracker's own click id"
        case .campaignID: "campaign id"
        case .event: "event name (after the tracker's event mapping)"
        case .trackerEvent: "tracker's own event name or token"
        case .activityKind: "activity kind (install or event)"
        case .deviceID: "device advertising id"
        case .unixTime: "conversion time (unix seconds)"
        case .dateTime: "conversion time (ISO 8601, UTC)"
        case .ipAddress: "user's IP address"
        case .countryCode: "user's country (ISO 3166-1 alpha-2)"
        case .payout: "payout"
        case .amount: "revenue"
        case .currency: "currency"
        case .txid: "transaction id"
        case .randomNumber: "random number drawn for each postback (a transaction id of sorts)"
        case .status: "status"
        case .constant(let value): "fixed value '\(value)'"
        case .extra(let name): "value '\(name)'"
        case .text(let name): "text value '\(name)'"
        case .clickParameter(let name): "value the tracking link passed in '\(name)' at the click"
        case .literal, .empty: "nothing"
        }
    }

    /// The kind of value a ClickWall parameter needs, when it needs one: money in `payout` and
    /// `amount`, a currency in `currency`, a status in `status`, ClickWall's event in `event`.
    public enum Kind: Sendable, Hashable {
        case money
        case currency
        case status
        case event
        case transaction
    }

    /// The kind of value this source gives, if it is one a ClickWall parameter needs.
    public var kind: Kind? {
        switch self {
        case .payout, .amount: .money
        case .currency: .currency
        case .status: .status
        case .event: .event
        case .txid, .randomNumber: .transaction
        default: nil
        }
    }

    /// The kind the ClickWall parameter `name` needs, if it needs one.
    public static func kind(neededBy name: String) -> Kind? {
        switch name {
        case "payout", "amount": .money
        case "currency": .currency
        case "status": .status
        case "event": .event
        case "txid": .transaction
        default: nil
        }
    }

    /// What a filled value looks like, for catalogues: `198.51.100.7`, a UUID, `1767225600`.
    public var shape: String {
        switch self {
        case .clickID: "ClickWall's click id, as issued"
        case .trackerClickID: "16 hex digits"
        case .campaignID: "the campaign id"
        case .event, .trackerEvent: "an event name (`install`, `purchase`, `af_purchase`, a token)"
        case .activityKind: "`install` or `event`"
        case .deviceID: "an upper-case UUID"
        case .unixTime: "digits (unix seconds)"
        case .dateTime: "`2026-01-01T00:00:00Z`"
        case .ipAddress: "an IPv4 address"
        case .countryCode: "two upper-case letters"
        case .payout, .amount: "a decimal with `.`"
        case .currency: "three upper-case letters"
        case .txid: "the conversion's transaction id"
        case .randomNumber: "7 digits"
        case .status: "the tracker's status word"
        case .constant(let value): "`\(value)`"
        case .extra(let name), .text(let name): "text (`\(name)-…`)"
        case .clickParameter(let name): "what the click link passed in `\(name)`, or nothing"
        case .literal: "the macro as written"
        case .empty: "nothing"
        }
    }
}
