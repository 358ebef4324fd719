import Foundation
import PostbackCore
import Testing

@testable import Receiver

/// The dashboard's escaping and number formats.
struct DashboardFormatTests {
    @Test(
        "HTML escaping covers text and both attribute quotes",
        arguments: [
            ("plain", "plain"), ("<script>", "&lt;script&gt;"), ("\"'&<>", "&quot;&#39;&amp;&lt;&gt;"),
            ("&amp;", "&amp;amp;"), ("a\u{0}b\u{1B}c\u{85}", "a\u{FFFD}b\u{FFFD}c\u{FFFD}"), ("tab\there", "tab\there"),
            ("é 🎯", "é 🎯"),
        ])
    func escaping(input: String, escaped: String) {
        #expect(input.htmlEscaped == escaped)
    }

    @Test(
        "query values are percent-encoded",
        arguments: [("c1_A-2.~", "c1_A-2.~"), ("a b&c=d#", "a%20b%26c%3Dd%23"), ("<é>", "%3C%C3%A9%3E")])
    func queryValue(input: String, encoded: String) {
        #expect(input.queryValueEncoded == encoded)
    }

    @Test("long text is cut and says how much was left out")
    func truncation() {
        #expect("abc".truncated(to: 3) == "abc")
        #expect("abcdef".truncated(to: 2) == "ab… (4 more bytes)")
    }

    @Test(
        "counts are grouped and rates are percentages with one decimal",
        arguments: [(0, "0"), (999, "999"), (1000, "1,000"), (1_234_567, "1,234,567")])
    func counts(value: Int, text: String) {
        #expect(DashboardFormat.count(value) == text)
    }

    @Test("percentages", arguments: [(0.0, "0.0 %"), (0.5, "50.0 %"), (1.0 / 3, "33.3 %"), (1.0, "100.0 %")])
    func percentages(ratio: Double, text: String) {
        #expect(DashboardFormat.percent(ratio) == text)
    }

    @Test(
        "amounts have at least two decimals",
        arguments: [("0", "0.00"), ("1.2", "1.20"), ("13.25", "13.25"), ("1.255", "1.255")])
    func money(text: String, shown: String) throws {
        #expect(DashboardFormat.money(try #require(Money(text))) == shown)
    }

    @Test("times are UTC")
    func times() {
        let date = Date(timeIntervalSince1970: 1_738_324_805)
        #expect(DashboardFormat.dateTime(date) == "2025-01-31 12:00:05")
        #expect(DashboardFormat.clock(date) == "12:00")
        #expect(DashboardFormat.day(date) == "01-31")
    }
}
