/// The formats `replay` reads.
public enum LogFormat: String, Sendable, Hashable, CaseIterable {
    /// nginx's or Apache's combined (or common) access log.
    case combined
    /// One URL per line (`https://…` or `/postback/advertiser?…`), optionally after a method.
    case urls
    /// An HTTP Archive (HAR 1.2) as browsers and proxies save it.
    case har

    /// How the format names a position in the file.
    public var unit: String { self == .har ? "entry" : "line" }
}
