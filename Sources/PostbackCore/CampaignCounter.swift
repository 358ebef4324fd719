/// A counted statistic of a campaign: one integer field of ``CampaignCounts`` and of
/// ``CampaignStats``, and one integer column of each store's counters, named by the raw value.
///
/// Adding a statistic: a case here, its field in ``CampaignCounts`` and ``CampaignStats``, how
/// ``ConversionDecision`` changes it, and the column in each store's schema.
public enum CampaignCounter: String, CaseIterable, Sendable {
    case clicks
    case conversions
    case approved
    case pending
    case declined
    case duplicates
    case statusUpdates = "status_updates"

    /// The counter of conversions currently in `status`.
    public static func conversions(in status: ConversionStatus) -> CampaignCounter {
        switch status {
        case .approved: .approved
        case .pending: .pending
        case .declined: .declined
        }
    }

    /// The counters' column names in ``allCases`` order, comma-separated, for a store's SQL.
    public static let columnList = allCases.map(\.rawValue).joined(separator: ", ")
}
