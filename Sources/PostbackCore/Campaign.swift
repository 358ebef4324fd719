import Foundation

/// A ClickWall campaign as the receiver knows it (DESIGN §3, "Campaign").
///
/// JSON field names are snake_case and match the admin API exactly.
public struct Campaign: Sendable, Equatable, Codable {
    /// `[A-Za-z0-9_-]{1,64}`.
    public var id: String
    public var status: CampaignStatus
    public var type: CampaignType
    /// The campaign's payout, used when a postback gives no valid `payout` and the event has none.
    public var payout: Money
    /// Multi-event campaigns: event name → payout. `nil` for single-event campaigns.
    public var events: [String: Money]?
    /// When set, a postback must carry it as `token` (compared in constant time).
    public var token: String?
    public var conversionWindowDays: Int
    public var defaultConversionStatus: ConversionStatus
    /// Where `GET /click/{id}` redirects; `{click_id}` is replaced with the issued click id.
    public var trackingLink: String?
    public var dedup: DedupMode

    public init(
        id: String,
        status: CampaignStatus = .active,
        type: CampaignType = .cpi,
        payout: Money = .zero,
        events: [String: Money]? = nil,
        token: String? = nil,
        conversionWindowDays: Int = 30,
        defaultConversionStatus: ConversionStatus = .approved,
        trackingLink: String? = nil,
        dedup: DedupMode = .clickEvent
    ) {
        self.id = id
        self.status = status
        self.type = type
        self.payout = payout
        self.events = events
        self.token = token
        self.conversionWindowDays = conversionWindowDays
        self.defaultConversionStatus = defaultConversionStatus
        self.trackingLink = trackingLink
        self.dedup = dedup
    }

    enum CodingKeys: String, CodingKey {
        case id, status, type, payout, events, token
        case conversionWindowDays = "conversion_window_days"
        case defaultConversionStatus = "default_conversion_status"
        case trackingLink = "tracking_link"
        case dedup
    }

    /// Whether `id` is a valid campaign id: `[A-Za-z0-9_-]{1,64}`.
    public static func isValidID(_ id: some StringProtocol) -> Bool {
        guard (1...64).contains(id.utf8.count) else { return false }
        return id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F || byte == 0x2D
        }
    }

    /// A multi-event campaign requires `event` on every postback (rule 11).
    public var isMultiEvent: Bool { !(events?.isEmpty ?? true) }

    /// The postback URL ClickWall hands out: present while approved, active or paused. It names
    /// every parameter the campaign requires: `event` (multi-event), `amount` (cps), `txid`
    /// (`dedup: click_txid`), and the campaign's `token`.
    public func postbackURL(base: String = "https://clickwall.net") -> String? {
        switch status {
        case .approved, .active, .paused:
            var url = "\(base)/postback/advertiser?campaign_id=\(id)&click_id={click_id}"
            if isMultiEvent { url += "&event={event}" }
            if type == .cps { url += "&amount={amount}" }
            // Under `click_txid` a postback without `txid` is refused (rule 11).
            if dedup == .clickTxid { url += "&txid={txid}" }
            if let token { url += "&token=\(token)" }
            return url
        case .pending, .rejected:
            return nil
        }
    }
}

/// Campaign lifecycle states. The admin API may set any of them at any time.
public enum CampaignStatus: String, Sendable, Codable, CaseIterable {
    case pending, approved, active, paused, rejected
}

/// Campaign pricing types; `cps` requires `amount` on postbacks.
public enum CampaignType: String, Sendable, Codable, CaseIterable {
    case cpi, cpl, cpa, cps
}

/// How repeats are recognised (rule 13).
public enum DedupMode: String, Sendable, Codable, CaseIterable {
    /// (click, event) — the default.
    case clickEvent = "click_event"
    /// (click, `txid`).
    case clickTxid = "click_txid"
    /// Every repeat is accepted and counted again.
    case none
}

/// A conversion's status as sent in `status` or taken from the campaign's default.
public enum ConversionStatus: String, Sendable, Codable, CaseIterable {
    case pending, approved, declined
}
