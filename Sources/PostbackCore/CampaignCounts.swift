import Foundation

/// A campaign's counted statistics, or a change to them: the integer counters, the payout total
/// of approved conversions, and rejected postbacks by reason wire name.
///
/// Rule 13 (``ConversionDecision``) and a rejection each make one; a store adds them up and
/// keeps the totals, and ``CampaignStats/init(campaignID:counts:)`` serves them. A value type
/// with no references: safe to pass anywhere.
public struct CampaignCounts: Sendable, Equatable {
    public var clicks: Int64 = 0
    public var conversions: Int64 = 0
    public var approved: Int64 = 0
    public var pending: Int64 = 0
    public var declined: Int64 = 0
    public var duplicates: Int64 = 0
    public var statusUpdates: Int64 = 0
    /// The change to (or the total of) the payouts of approved conversions; exact decimal.
    public var payoutTotal: Decimal = 0
    /// Rejected postbacks by reason wire name (`unknown_click`).
    public var rejected: [String: Int64] = [:]

    /// No change: every count zero.
    public init() {}

    /// `n` clicks issued.
    public static func clicks(_ n: Int64) -> CampaignCounts {
        var counts = CampaignCounts()
        counts.clicks = n
        return counts
    }

    /// One postback rejected for `reason`.
    public static func rejection(_ reason: RejectReason) -> CampaignCounts {
        var counts = CampaignCounts()
        counts.rejected[reason.rawValue] = 1
        return counts
    }

    /// The integer count of `counter`.
    public subscript(counter: CampaignCounter) -> Int64 {
        get {
            switch counter {
            case .clicks: clicks
            case .conversions: conversions
            case .approved: approved
            case .pending: pending
            case .declined: declined
            case .duplicates: duplicates
            case .statusUpdates: statusUpdates
            }
        }
        set {
            switch counter {
            case .clicks: clicks = newValue
            case .conversions: conversions = newValue
            case .approved: approved = newValue
            case .pending: pending = newValue
            case .declined: declined = newValue
            case .duplicates: duplicates = newValue
            case .statusUpdates: statusUpdates = newValue
            }
        }
    }

    /// Adds every count of `other` to these.
    public mutating func add(_ other: CampaignCounts) {
        for counter in CampaignCounter.allCases {
            self[counter] += other[counter]
        }
        payoutTotal += other.payoutTotal
        for (reason, n) in other.rejected {
            rejected[reason, default: 0] += n
        }
    }

    /// Whether the integer counters and the payout total are all zero (``rejected`` aside).
    public var countersAreZero: Bool {
        payoutTotal == 0 && CampaignCounter.allCases.allSatisfy { self[$0] == 0 }
    }
}

extension CampaignStats {
    /// The statistics served for campaign `campaignID` whose totals are `counts`.
    public init(campaignID: String, counts: CampaignCounts) {
        self.init(
            campaignID: campaignID, clicks: Int(counts.clicks), conversions: Int(counts.conversions),
            conversionsByStatus: .init(
                approved: Int(counts.approved), pending: Int(counts.pending), declined: Int(counts.declined)),
            duplicates: Int(counts.duplicates), statusUpdates: Int(counts.statusUpdates),
            rejected: counts.rejected.mapValues { Int($0) }, payoutTotal: Money(value: counts.payoutTotal))
    }
}
