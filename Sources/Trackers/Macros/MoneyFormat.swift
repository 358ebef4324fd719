import Foundation
import PostbackCore

/// How a tracker writes the money values (payout, revenue) it fills in.
public enum MoneyFormat: Sendable, Hashable {
    /// The value as the conversion has it (`2.5` stays `2.5`).
    case asGiven
    /// A fixed number of decimals, rounded half up (Prosper202 stores payouts as
    /// `decimal(11,5)` and sends `2.50000`).
    case fixed(decimals: Int)

    /// `value` in this format; a value that is not a plain decimal (a scenario's deliberately bad
    /// `1,20`) is sent as given.
    public func format(_ value: String) -> String {
        guard case .fixed(let decimals) = self, let money = Money(value) else { return value }
        var exact = money.value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, decimals, .plain)
        let text = NSDecimalNumber(decimal: rounded).stringValue
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = String(parts.first ?? "0")
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        guard decimals > 0 else { return whole }
        return whole + "." + fraction + String(repeating: "0", count: max(0, decimals - fraction.count))
    }
}
