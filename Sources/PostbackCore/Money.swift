import Foundation

/// A non-negative decimal amount of money. Never floating point.
///
/// Parsed only from plain decimal strings with `.` as separator (`"1.20"`, `"3"`, `"0.5"`);
/// encoded in JSON as a string. Comparison is by value: `"22.5" == "22.50"`.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let value: Decimal

    public static let zero = Money(value: 0)

    public init(value: Decimal) { self.value = value }

    /// Parses `digits[.digits]`; rejects signs, exponents, commas, spaces and empty strings.
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.count <= 40 else { return nil }
        var seenDot = false
        var digitsBefore = 0
        var digitsAfter = 0
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                if seenDot { return nil }
                seenDot = true
            } else if byte >= 0x30 && byte <= 0x39 {
                if seenDot { digitsAfter += 1 } else { digitsBefore += 1 }
            } else {
                return nil
            }
        }
        guard digitsBefore > 0, !seenDot || digitsAfter > 0 else { return nil }
        if digitsBefore + digitsAfter <= 18 {
            // Exact in a UInt64 significand: no string round trip, no locale.
            var significand: UInt64 = 0
            for byte in utf8 where byte != UInt8(ascii: ".") { significand = significand * 10 + UInt64(byte - 0x30) }
            self.value = Decimal(sign: .plus, exponent: -digitsAfter, significand: Decimal(significand))
            return
        }
        guard let decimal = Decimal(string: String(text), locale: Self.posix) else { return nil }
        self.value = decimal
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    public var description: String {
        var value = self.value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 10, .plain)
        return "\(rounded)"
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.value < rhs.value }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(value: lhs.value + rhs.value) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let money = Money(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not a decimal amount such as \"1.20\"")
            }
            self = money
        } else {
            // Accept a bare JSON/YAML number but keep it decimal.
            let number = try container.decode(Decimal.self)
            guard number >= 0 else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "amount must be ≥ 0")
            }
            self.value = number
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
