import Foundation
import PostbackCore

/// The kind of a parameter's value, told from its text alone: what `learn` compares when it
/// says that two senders fill a parameter the same way.
public enum ValueShape: Hashable, Sendable, CustomStringConvertible {
    case empty
    /// A decimal number: its decimals and separator (`1.50` → 2, `.`).
    case money(decimals: Int, separator: Character?)
    /// Unix seconds (9 or 10 digits).
    case unixTime
    /// `2026-01-01T00:00:00Z`.
    case dateTime
    /// An IPv4 address.
    case ipAddress
    /// `8-4-4-4-12` hex digits (IDFA, GAID).
    case uuid
    /// Only hex digits, of that length (16 for a tracker's own click id).
    case hex(Int)
    /// Two capital letters (a country).
    case country
    /// Three capital letters of ISO 4217.
    case currency
    /// Lowercase letters, digits, `_` and `-`, starting with a letter (`install`, `sale`).
    case word
    /// Anything else.
    case text

    public init(_ value: String) {
        if value.isEmpty {
            self = .empty
        } else if value.allSatisfy(\.isASCIIDigit) {
            self = (9...10).contains(value.count) ? .unixTime : .money(decimals: 0, separator: nil)
        } else if let shape = Self.decimal(value) {
            self = shape
        } else if Self.isDateTime(value) {
            self = .dateTime
        } else if Self.isIPv4(value) {
            self = .ipAddress
        } else if Self.isUUID(value) {
            self = .uuid
        } else if value.count >= 8, value.allSatisfy(\.isHexDigit), value.contains(where: \.isASCIIDigit) {
            self = .hex(value.count)
        } else if value.count == 2, value.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            self = .country
        } else if value.count == 3, CurrencyCodes.isActive(value) {
            self = .currency
        } else if let first = value.first, first.isASCII, first.isLowercase,
            value.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" || $0 == "-" })
        {
            self = .word
        } else {
            self = .text
        }
    }

    public var description: String {
        switch self {
        case .empty: "empty"
        case .money(let decimals, let separator):
            decimals == 0 ? "integer" : "decimal with \(decimals) decimals after '\(separator ?? ".")'"
        case .unixTime: "Unix time"
        case .dateTime: "ISO 8601 date-time"
        case .ipAddress: "IPv4 address"
        case .uuid: "UUID"
        case .hex(let count): "\(count) hex digits"
        case .country: "country code"
        case .currency: "currency code"
        case .word: "word"
        case .text: "text"
        }
    }

    /// Whether it is a number of money's form (digits, at most one `.` or `,` with digits after).
    public var isNumber: Bool {
        if case .money = self { return true }
        return false
    }

    private static func decimal(_ value: String) -> ValueShape? {
        for separator: Character in [".", ","] {
            let parts = value.split(separator: separator, omittingEmptySubsequences: false)
            if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
                parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) })
            {
                return .money(decimals: parts[1].count, separator: separator)
            }
        }
        return nil
    }

    private static func isDateTime(_ value: String) -> Bool {
        (try? Date.ISO8601FormatStyle().parse(value)) != nil
            || (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(value)) != nil
    }

    private static func isIPv4(_ value: String) -> Bool {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { $0.count <= 3 && !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    }

    private static func isUUID(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        return parts.map(\.count) == [8, 4, 4, 4, 12] && parts.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
