/// What a tracker puts in place of a macro it cannot fill.
public enum MacroFallback: String, Sendable, Hashable, CaseIterable, Codable {
    /// The macro is sent as written: `{click_id}`.
    case literal
    /// The macro is sent percent-encoded: `%7Bclick_id%7D`.
    case encoded
    /// The macro is replaced with nothing (Adjust drops placeholders without data).
    case empty
}
