/// Why a postback was rejected (DESIGN §3). Raw values are the wire names.
public enum RejectReason: String, Sendable, Codable, CaseIterable, Hashable {
    case malformedRequest = "malformed_request"
    case missingParameter = "missing_parameter"
    case unsubstitutedMacro = "unsubstituted_macro"
    case unknownCampaign = "unknown_campaign"
    case invalidToken = "invalid_token"
    case campaignNotApproved = "campaign_not_approved"
    case campaignInactive = "campaign_inactive"
    case unknownClick = "unknown_click"
    case campaignMismatch = "campaign_mismatch"
    case clickExpired = "click_expired"
    case invalidParameter = "invalid_parameter"
    case unknownEvent = "unknown_event"

    /// The HTTP status DESIGN §3 gives for the reason (size limits of rule 1 use 414/431 instead).
    public var httpStatus: Int {
        switch self {
        case .malformedRequest, .missingParameter, .unsubstitutedMacro, .invalidParameter, .unknownEvent: 400
        case .unknownCampaign, .unknownClick: 404
        case .invalidToken, .campaignNotApproved, .campaignInactive: 403
        case .campaignMismatch: 409
        case .clickExpired: 410
        }
    }
}

/// The result of a postback as answered in the JSON body's `result` field.
public enum PostbackResult: String, Sendable, Codable, CaseIterable, Hashable {
    case accepted
    case duplicate
    case statusUpdated = "status_updated"
    case rejected
    /// The receiver could not decide and record the postback (its store unreachable): a
    /// temporary failure, answered 503 with `Retry-After`, that a tracker should retry.
    case unavailable
}
