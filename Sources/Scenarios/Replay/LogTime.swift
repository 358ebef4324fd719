import Foundation

/// The times logs write, read into dates.
enum LogTime {
    /// ISO-8601 with a time zone, with or without fractional seconds (`2025-11-03T14:00:01Z`,
    /// `2025-11-03T14:00:01.123456Z`, `2025-11-03T15:00:01+01:00`).
    static func iso8601(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
