import Foundation
import PostbackCore
import Testing

/// Money is decimal: parsed from plain decimals with `.`, compared by value.
struct MoneyTests {
    @Test(arguments: [
        ("1.20", "1.2"), ("3", "3"), ("0.5", "0.5"), ("0", "0"), ("000.10", "0.1"), ("22.50", "22.5"),
        ("1234567.891", "1234567.891"), ("0.0000000001", "0.0000000001"),
        ("123456789012345678", "123456789012345678"), ("1234567890123456789.25", "1234567890123456789.25"),
    ])
    func parsesAndFormats(text: String, formatted: String) throws {
        let money = try #require(Money(text))
        #expect(money.description == formatted)
        #expect(Money(money.description) == money)
    }

    @Test(arguments: ["", "1,20", "-1", "+1", "1e3", " 1", "1 ", "1.", ".5", "1.2.3", "abc", "$1", "١", "0x10", "NaN"])
    func rejects(text: String) {
        #expect(Money(text) == nil)
    }

    @Test func comparesByValue() throws {
        let a = try #require(Money("22.5"))
        let b = try #require(Money("22.50"))
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
        #expect(try #require(Money("1.2")) < a)
        #expect(Money("0.1")! + Money("0.2")! == Money("0.3"))
    }

    @Test func codesAsADecimalString() throws {
        let data = try JSONEncoder().encode(["payout": Money("1.20")])
        #expect(String(decoding: data, as: UTF8.self) == #"{"payout":"1.2"}"#)
        let decoded = try JSONDecoder().decode([String: Money].self, from: Data(#"{"a":"22.50","b":3}"#.utf8))
        #expect(decoded["a"] == Money("22.5"))
        #expect(decoded["b"] == Money("3"))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Money].self, from: Data(#"["1,5"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Money].self, from: Data("[-1]".utf8)) }
    }
}
