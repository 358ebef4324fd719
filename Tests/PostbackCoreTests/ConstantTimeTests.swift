import PostbackCore
import Testing

/// Token comparison: right answers, including for different lengths.
struct ConstantTimeTests {
    @Test(arguments: [
        ("s3cret", "s3cret", true), ("s3cret", "s3creT", false), ("s3cret", "s3cre", false),
        ("s3cre", "s3cret", false), ("", "", true), ("", "x", false), ("x", "", false),
        ("tökén", "tökén", true), ("tökén", "token", false), ("a\u{0}", "a", false),
    ])
    func comparesBytes(lhs: String, rhs: String, equal: Bool) {
        #expect(ConstantTime.equals(lhs, rhs) == equal)
    }
}
