import PostbackCore
import Testing

/// The one HTML/XML escaping of the dashboard and the reports.
struct MarkupTests {
    @Test(arguments: [
        ("plain", "plain"), ("\"'&<>", "&quot;&#39;&amp;&lt;&gt;"), ("&amp;", "&amp;amp;"),
        ("a\u{0}b\u{1B}c\u{7F}d\u{85}e", "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e"),
        ("x\u{FFFE}y\u{FFFF}", "x\u{FFFD}y\u{FFFD}"), ("tab\there\nnext\r", "tab\there\nnext\r"),
        ("é 🎯 \u{A0}", "é 🎯 \u{A0}"),
    ])
    func escapesTextAndBothQuotes(input: String, escaped: String) {
        #expect(Markup.escape(input) == escaped)
    }

    @Test func anAttributeKeepsItsLineBreaksAsReferences() {
        #expect(Markup.escapeAttribute("a\nb\r\tc<") == "a&#10;b&#13;&#9;c&lt;")
    }
}
