import Foundation
import PostbackCore

/// How the dashboard writes numbers, times and results: UTC times, grouped digits, no locale.
enum DashboardFormat {
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    private static func parts(_ date: Date) -> DateComponents {
        utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    private static func two(_ value: Int?) -> String {
        let value = value ?? 0
        return value < 10 ? "0\(value)" : "\(value)"
    }

    /// `2025-01-31 12:00:05`, in UTC.
    static func dateTime(_ date: Date) -> String {
        let p = parts(date)
        return "\(p.year ?? 0)-\(two(p.month))-\(two(p.day)) \(two(p.hour)):\(two(p.minute)):\(two(p.second))"
    }

    /// `12:00`, in UTC.
    static func clock(_ date: Date) -> String {
        let p = parts(date)
        return "\(two(p.hour)):\(two(p.minute))"
    }

    /// `01-31`, in UTC.
    static func day(_ date: Date) -> String {
        let p = parts(date)
        return "\(two(p.month))-\(two(p.day))"
    }

    /// `1,234,567`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// `12.5 %` from 0.125.
    static func percent(_ ratio: Double) -> String {
        guard ratio.isFinite else { return "–" }
        let tenths = (ratio * 1000).rounded()
        let whole = Int(tenths / 10)
        let fraction = Int(tenths.truncatingRemainder(dividingBy: 10).magnitude)
        return "\(whole).\(fraction) %"
    }

    /// An amount with at least two decimals: `13.20`, `0.00`, `1.255`.
    static func money(_ amount: Money) -> String {
        let text = amount.description
        guard let dot = text.firstIndex(of: ".") else { return text + ".00" }
        let decimals = text.distance(from: text.index(after: dot), to: text.endIndex)
        return decimals >= 2 ? text : text + String(repeating: "0", count: 2 - decimals)
    }

    /// The label a person reads for a result: `status updated` for `status_updated`.
    static func label(_ result: PostbackResult) -> String {
        result.rawValue.replacingOccurrences(of: "_", with: " ")
    }
}
