import Foundation

/// A postback turned down by one of rules 1–12.
public struct Rejection: Sendable, Equatable, Error {
    public var reason: RejectReason
    /// Usually `reason.httpStatus`; 414 or 431 for the size limits of rule 1.
    public var httpStatus: Int
    /// One sentence naming what was seen and how to fix it.
    public var message: String
    /// The `campaign_id` value when that parameter itself parsed cleanly (even if another
    /// rule failed), so the rejection can be counted for that campaign if it exists.
    public var campaignID: String?
    /// The `click_id` value when that parameter parsed cleanly, for the log.
    public var clickID: String?

    public init(
        reason: RejectReason, httpStatus: Int? = nil, message: String, campaignID: String? = nil,
        clickID: String? = nil
    ) {
        self.reason = reason
        self.httpStatus = httpStatus ?? reason.httpStatus
        self.message = message
        self.campaignID = campaignID
        self.clickID = clickID
    }
}

/// A postback that passed rules 1–12: what the store records under rule 13.
public struct ConversionCandidate: Sendable, Equatable {
    public var campaignID: String
    public var clickID: String
    public var event: String?
    /// The `status` parameter if given, else the campaign's default.
    public var status: ConversionStatus
    /// Whether `status` was given in the postback (a repeat without it is a `duplicate`).
    public var statusGiven: Bool
    /// The payout this conversion is worth (DESIGN §3, "Statistics").
    public var payout: Money
    /// Whether ``payout`` is the postback's own `payout` parameter (a status update then sets
    /// the conversion's payout to it) rather than the campaign's.
    public var payoutGiven: Bool
    public var amount: Money?
    public var currency: String?
    public var txid: String?
    /// The dedup key under the campaign's mode, or `nil` under `dedup: none`.
    public var dedupKey: String?
    /// Parameters the receiver does not use, kept in order as received.
    public var extraParameters: [QueryParameter]
    /// Non-fatal findings, e.g. a macro left in an extra parameter.
    public var warnings: [String]

    public init(
        campaignID: String, clickID: String, event: String? = nil, status: ConversionStatus,
        statusGiven: Bool, payout: Money, payoutGiven: Bool = false, amount: Money? = nil, currency: String? = nil,
        txid: String? = nil, dedupKey: String?, extraParameters: [QueryParameter] = [],
        warnings: [String] = []
    ) {
        self.campaignID = campaignID
        self.clickID = clickID
        self.event = event
        self.status = status
        self.statusGiven = statusGiven
        self.payout = payout
        self.payoutGiven = payoutGiven
        self.amount = amount
        self.currency = currency
        self.txid = txid
        self.dedupKey = dedupKey
        self.extraParameters = extraParameters
        self.warnings = warnings
    }
}

/// One decoded query or form parameter.
public struct QueryParameter: Sendable, Equatable, Codable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The final answer to a postback: the JSON body and the HTTP status.
public struct Verdict: Sendable, Equatable, Codable {
    public var result: PostbackResult
    public var reason: RejectReason?
    public var conversionID: String?
    public var message: String
    public var httpStatus: Int

    public init(
        result: PostbackResult, reason: RejectReason? = nil, conversionID: String? = nil, message: String,
        httpStatus: Int
    ) {
        self.result = result
        self.reason = reason
        self.conversionID = conversionID
        self.message = message
        self.httpStatus = httpStatus
    }

    /// DESIGN §3's `503 unavailable` / `store_unavailable`: nothing was recorded; `detail`
    /// says what failed.
    public static func storeUnavailable(_ detail: String) -> Verdict {
        Verdict(
            result: .unavailable, reason: nil,
            message:
                "the receiver could not record the postback (\(detail)); nothing was recorded, send it again later",
            httpStatus: 503)
    }

    /// The `reason` field of the answer: the rejection's reason, `store_unavailable` for an
    /// unavailable answer, else `nil`.
    public var reasonText: String? {
        reason?.rawValue ?? (result == .unavailable ? "store_unavailable" : nil)
    }

    public init(_ rejection: Rejection) {
        self.init(
            result: .rejected, reason: rejection.reason, message: rejection.message,
            httpStatus: rejection.httpStatus)
    }

    enum CodingKeys: String, CodingKey {
        case result, reason
        case conversionID = "conversion_id"
        case message
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        result = try c.decode(PostbackResult.self, forKey: .result)
        reason = try c.decodeIfPresent(String.self, forKey: .reason).flatMap(RejectReason.init(rawValue:))
        conversionID = try c.decodeIfPresent(String.self, forKey: .conversionID)
        message = try c.decode(String.self, forKey: .message)
        httpStatus = 0
    }

    /// Encodes the body of DESIGN §3: `result`, `reason`, `conversion_id` (null when absent), `message`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(result, forKey: .result)
        try c.encode(reasonText, forKey: .reason)
        try c.encode(conversionID, forKey: .conversionID)
        try c.encode(message, forKey: .message)
    }
}
