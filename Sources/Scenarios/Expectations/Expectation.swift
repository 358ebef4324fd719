import Foundation
import PostbackCore

/// Compares a campaign's expectation with its recorded statistics.
///
/// Only stated fields are checked; a stated `rejected` map checks only the reasons it names
/// (a reason not recorded is 0), except an empty one, `rejected: {}`, which means no rejection
/// for any reason (DESIGN §5); decimals compare by value (`22.5` equals `22.50`);
/// `conversion_rate` compares to the precision written: `0.333` matches 1/3 (within half a unit
/// of the last written digit), while a rate written without decimals (`0`, `1`) must be exact.
public enum Expectation {
    /// The fields that differ, in the order of DESIGN §4's stats object; empty when all match.
    public static func compare(expected: CampaignExpectation, recorded: CampaignStats) -> [FieldDifference] {
        var differences: [FieldDifference] = []
        func check(_ field: String, _ expectedValue: Int?, _ recordedValue: Int) {
            guard let expectedValue, expectedValue != recordedValue else { return }
            differences.append(
                FieldDifference(
                    field: field, expected: String(expectedValue), recorded: String(recordedValue),
                    location: expected.fieldLocations[field]))
        }
        check("clicks", expected.clicks, recorded.clicks)
        check("conversions", expected.conversions, recorded.conversions)
        check("conversions_by_status.approved", expected.approved, recorded.conversionsByStatus.approved)
        check("conversions_by_status.pending", expected.pending, recorded.conversionsByStatus.pending)
        check("conversions_by_status.declined", expected.declined, recorded.conversionsByStatus.declined)
        check("duplicates", expected.duplicates, recorded.duplicates)
        check("status_updates", expected.statusUpdates, recorded.statusUpdates)
        if let rejected = expected.rejected, rejected.isEmpty {
            for (reason, count) in recorded.rejected.sorted(by: { $0.key < $1.key }) where count != 0 {
                differences.append(
                    FieldDifference(
                        field: "rejected.\(reason)", expected: "0", recorded: String(count),
                        location: expected.fieldLocations["rejected"]))
            }
        } else if let rejected = expected.rejected {
            for reason in RejectReason.allCases {
                guard let count = rejected[reason] else { continue }
                check("rejected.\(reason.rawValue)", count, recorded.rejected[reason.rawValue] ?? 0)
            }
        }
        if let payout = expected.payoutTotal, payout != recorded.payoutTotal {
            differences.append(
                FieldDifference(
                    field: "payout_total", expected: payout.description, recorded: recorded.payoutTotal.description,
                    location: expected.fieldLocations["payout_total"]))
        }
        if let rate = expected.conversionRate, !rateMatches(expected: rate, recorded: recorded.conversionRate) {
            differences.append(
                FieldDifference(
                    field: "conversion_rate", expected: rate, recorded: format(rate: recorded.conversionRate),
                    location: expected.fieldLocations["conversion_rate"]))
        }
        return differences
    }

    /// Whether `recorded` equals the rate written as `expected` to the precision written.
    public static func rateMatches(expected: String, recorded: Double) -> Bool {
        guard let value = Double(expected) else { return false }
        guard let dot = expected.firstIndex(of: ".") else { return abs(value - recorded) <= 1e-9 }
        let decimals = expected.distance(from: dot, to: expected.endIndex) - 1
        let tolerance = 0.5 * pow(10, -Double(min(max(decimals, 1), 15))) + 1e-9
        return abs(value - recorded) <= tolerance
    }

    private static func format(rate: Double) -> String {
        var text = String(format: "%.6f", rate)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
