import PostbackCore
import Trackers

/// One stated expectation of a campaign and how it came out: the field, the expected and the
/// recorded value, and whether they matched (by ``Expectation/compare(expected:recorded:)``).
public struct FieldCheck: Sendable, Hashable {
    /// The field path: `conversions`, `conversions_by_status.approved`, `rejected.unknown_click`.
    public var field: String
    public var expected: String
    /// `nil` when the statistics could not be read.
    public var recorded: String?
    public var met: Bool
    public var location: SourceLocation?

    public init(field: String, expected: String, recorded: String?, met: Bool, location: SourceLocation? = nil) {
        self.field = field
        self.expected = expected
        self.recorded = recorded
        self.met = met
        self.location = location
    }

    /// Every field `outcome`'s expectation states, in the order of DESIGN §4's stats object;
    /// only the differences when the expectation itself is not known.
    public static func checks(of outcome: CampaignOutcome) -> [FieldCheck] {
        guard let expectation = outcome.expectation else {
            return outcome.differences.map {
                FieldCheck(
                    field: $0.field, expected: $0.expected, recorded: $0.recorded, met: false, location: $0.location)
            }
        }
        let recorded = outcome.recorded
        let differing = Dictionary(outcome.differences.map { ($0.field, $0) }, uniquingKeysWith: { first, _ in first })
        var checks: [FieldCheck] = []
        func add(_ field: String, _ expected: String?, _ value: String?) {
            guard let expected else { return }
            let difference = differing[field]
            checks.append(
                FieldCheck(
                    field: field, expected: expected, recorded: difference?.recorded ?? value,
                    met: difference == nil && recorded != nil,
                    location: expectation.fieldLocations[field] ?? difference?.location))
        }
        add("clicks", expectation.clicks.map(String.init), recorded.map { String($0.clicks) })
        add("conversions", expectation.conversions.map(String.init), recorded.map { String($0.conversions) })
        add(
            "conversions_by_status.approved", expectation.approved.map(String.init),
            recorded.map { String($0.conversionsByStatus.approved) })
        add(
            "conversions_by_status.pending", expectation.pending.map(String.init),
            recorded.map { String($0.conversionsByStatus.pending) })
        add(
            "conversions_by_status.declined", expectation.declined.map(String.init),
            recorded.map { String($0.conversionsByStatus.declined) })
        add("duplicates", expectation.duplicates.map(String.init), recorded.map { String($0.duplicates) })
        add("status_updates", expectation.statusUpdates.map(String.init), recorded.map { String($0.statusUpdates) })
        if let rejected = expectation.rejected, rejected.isEmpty {
            checks.append(
                FieldCheck(
                    field: "rejected", expected: "{}", recorded: recorded.map { rejectedText($0.rejected) },
                    met: recorded != nil && !outcome.differences.contains { $0.field.hasPrefix("rejected.") },
                    location: expectation.fieldLocations["rejected"]))
        } else if let rejected = expectation.rejected {
            for reason in RejectReason.allCases {
                guard let count = rejected[reason] else { continue }
                add(
                    "rejected.\(reason.rawValue)", String(count),
                    recorded.map { String($0.rejected[reason.rawValue] ?? 0) })
            }
        }
        add("payout_total", expectation.payoutTotal?.description, recorded?.payoutTotal.description)
        add("conversion_rate", expectation.conversionRate, recorded.map { rate($0.conversionRate) })
        return checks
    }

    /// `{}`, or the reasons recorded with their counts: `{invalid_token: 1, unknown_click: 5}`.
    private static func rejectedText(_ rejected: [String: Int]) -> String {
        let counted = rejected.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        return "{" + counted.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
    }

    private static func rate(_ value: Double) -> String {
        var text = String(value)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
