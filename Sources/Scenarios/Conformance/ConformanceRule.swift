import PostbackCore

/// A line of DESIGN §3's rule table (and the `unavailable` answer), the unit the conformance
/// report counts: which rule decided an answer, read from the answer's `result` and `reason`.
public enum ConformanceRule: Int, Sendable, CaseIterable, Comparable, Codable {
    case wellFormed = 1
    case requiredParameters
    case noMacro
    case campaignExists
    case token
    case approved
    case active
    case clickIssued
    case clickCampaign
    case window
    case typeParameters
    case validValues
    case firstConversion
    /// `duplicate` and `status_updated`: rule 13's repeats.
    case repeatConversion
    /// `503 unavailable`: the receiver could not decide.
    case unavailable

    /// The rule's number and words in DESIGN §3.
    public var title: String {
        switch self {
        case .wellFormed: "1 request well-formed (malformed_request)"
        case .requiredParameters: "2 campaign_id and click_id present (missing_parameter)"
        case .noMacro: "3 no unsubstituted macro (unsubstituted_macro)"
        case .campaignExists: "4 campaign exists (unknown_campaign)"
        case .token: "5 campaign token matches (invalid_token)"
        case .approved: "6 campaign approved (campaign_not_approved)"
        case .active: "7 campaign active (campaign_inactive)"
        case .clickIssued: "8 click id was issued (unknown_click)"
        case .clickCampaign: "9 click belongs to the campaign (campaign_mismatch)"
        case .window: "10 click within the window (click_expired)"
        case .typeParameters: "11 parameters the campaign type requires (missing_parameter)"
        case .validValues: "12 values valid (invalid_parameter, unknown_event)"
        case .firstConversion: "13 first conversion for its key (accepted)"
        case .repeatConversion: "13 the same key again (duplicate, status_updated)"
        case .unavailable: "— store unavailable (503 unavailable)"
        }
    }

    /// The rule that decided an answer with `result` and `reason`, or `nil` for an answer that
    /// is not the verdict JSON of DESIGN §3. `missing_parameter` is rule 2 unless the reference
    /// receiver's message names what the campaign requires (`event`, `amount` or `txid`: rule 11).
    public static func deciding(result: String, reason: String?, message: String? = nil) -> ConformanceRule? {
        switch (result, reason) {
        case ("accepted", _): return .firstConversion
        case ("duplicate", _), ("status_updated", _): return .repeatConversion
        case ("unavailable", _): return .unavailable
        case ("rejected", let reason?):
            switch RejectReason(rawValue: reason) {
            case .malformedRequest: return .wellFormed
            case .missingParameter:
                let typeRule =
                    message.map { text in
                        ["event is missing", "amount is missing", "txid is missing"].contains { text.hasPrefix($0) }
                    } ?? false
                return typeRule ? .typeParameters : .requiredParameters
            case .unsubstitutedMacro: return .noMacro
            case .unknownCampaign: return .campaignExists
            case .invalidToken: return .token
            case .campaignNotApproved: return .approved
            case .campaignInactive: return .active
            case .unknownClick: return .clickIssued
            case .campaignMismatch: return .clickCampaign
            case .clickExpired: return .window
            case .invalidParameter, .unknownEvent: return .validValues
            case nil: return nil
            }
        default: return nil
        }
    }

    public static func < (lhs: ConformanceRule, rhs: ConformanceRule) -> Bool { lhs.rawValue < rhs.rawValue }
}
