import Foundation

/// The receiver's rule chain (DESIGN §3), pure and synchronous.
///
/// Rules 1–3 need nothing but the request (``parse(_:)``); rules 4–12 need the campaign and
/// the click that the request names (``evaluate(_:campaign:click:now:)``). Rule 13, the
/// dedup decision, belongs to the store because it must be atomic with the insert.
public struct PostbackRules: Sendable {
    /// Largest accepted request target, in bytes (rule 1); longer gets 414.
    public var maxURLBytes: Int
    /// Largest accepted form body, in bytes (rule 1); longer gets 413. The receiver stops
    /// reading a body at this size.
    public var maxBodyBytes: Int
    /// Largest accepted header fields, in bytes (rule 1); more gets 431. A tracker sends a few
    /// hundred bytes of headers.
    public var maxHeaderBytes: Int
    /// The trackers rule 3's advice may name when it can tell which one sent the postback; with
    /// none it stays neutral.
    public var trackerHints: [TrackerHint]

    public init(
        maxURLBytes: Int = 8192, maxBodyBytes: Int = 8192, maxHeaderBytes: Int = 16384,
        trackerHints: [TrackerHint] = []
    ) {
        self.maxURLBytes = maxURLBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.trackerHints = trackerHints
    }

    /// The parameters the receiver reads, in the order rule 3 checks them. Every other
    /// parameter is recorded as an extra and never rejected.
    public static let usedParameters = [
        "campaign_id", "click_id", "token", "event", "payout", "amount", "currency", "status", "txid",
    ]

    /// Whether the receiver reads the parameter named exactly `name`.
    public static func isUsedParameter(_ name: String) -> Bool {
        switch name {
        case "campaign_id", "click_id", "token", "event", "payout", "amount", "currency", "status", "txid": true
        default: false
        }
    }
}

/// A request that passed rules 1–3: its decoded parameters, with `campaign_id` and `click_id`
/// present, non-empty and free of macros.
public struct ParsedPostback: Sendable, Equatable {
    public var campaignID: String
    public var clickID: String
    /// Every decoded parameter, in the order received (query first, then form body).
    public var parameters: [QueryParameter]
    /// Non-fatal findings of rules 1–3, e.g. a macro left in an extra parameter; carried into
    /// ``ConversionCandidate/warnings``.
    public var warnings: [String] = []

    public init(campaignID: String, clickID: String, parameters: [QueryParameter]) {
        self.campaignID = campaignID
        self.clickID = clickID
        self.parameters = parameters
    }

    public init(campaignID: String, clickID: String, parameters: [QueryParameter], warnings: [String]) {
        self.init(campaignID: campaignID, clickID: clickID, parameters: parameters)
        self.warnings = warnings
    }

    /// The value of the parameter named exactly `name`, if present.
    public func value(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// Parameters the receiver does not use (``PostbackRules/usedParameters``), in order.
    public var extraParameters: [QueryParameter] {
        parameters.filter { !PostbackRules.isUsedParameter($0.name) }
    }
}
