import Foundation

/// The receiver's rule chain (DESIGN §3), pure and synchronous.
///
/// Rules 1–3 need nothing but the request (``parse(_:)``); rules 4–12 need the campaign and
/// the click that the request names (``evaluate(_:campaign:click:now:)``). Rule 13, the
/// dedup decision, belongs to the store because it must be atomic with the insert.
public struct PostbackRules: Sendable {
    /// Largest accepted request target, in bytes (rule 1).
    public var maxURLBytes: Int

    public init(maxURLBytes: Int = 8192) {
        self.maxURLBytes = maxURLBytes
    }
}

/// A request that passed rules 1–3: its decoded parameters, with `campaign_id` and `click_id`
/// present, non-empty and free of macros.
public struct ParsedPostback: Sendable, Equatable {
    public var campaignID: String
    public var clickID: String
    /// Every decoded parameter, in the order received (query first, then form body).
    public var parameters: [QueryParameter]

    public init(campaignID: String, clickID: String, parameters: [QueryParameter]) {
        self.campaignID = campaignID
        self.clickID = clickID
        self.parameters = parameters
    }

    /// The value of the parameter named exactly `name`, if present.
    public func value(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }
}

extension PostbackRules {
    /// Rules 1–3: well-formedness, required parameters, unsubstituted macros.
    public func parse(_ request: PostbackRequest) -> Result<ParsedPostback, Rejection> {
        // PLACEHOLDER — replaced by the rule-chain implementation.
        .failure(Rejection(reason: .malformedRequest, message: "not implemented"))
    }

    /// Rules 4–12 for a parsed postback, given the campaign and click it names (or `nil` when
    /// they do not exist). On success, the candidate that rule 13 records.
    public func evaluate(
        _ postback: ParsedPostback, campaign: Campaign?, click: Click?, now: Date
    ) -> Result<ConversionCandidate, Rejection> {
        // PLACEHOLDER — replaced by the rule-chain implementation.
        .failure(Rejection(reason: .unknownCampaign, message: "not implemented"))
    }
}
