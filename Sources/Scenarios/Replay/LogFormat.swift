/// The formats `replay` reads.
public enum LogFormat: String, Sendable, Hashable, CaseIterable {
    /// nginx's or Apache's combined (or common) access log, with anything after the user agent
    /// (Apache's `%D`) ignored.
    case combined
    /// A JSON object per line: nginx's JSON `log_format`, Cloudflare's Logpush `http_requests`.
    case json
    /// An AWS Application Load Balancer access log.
    case alb
    /// One URL per line (`https://…` or `/postback/advertiser?…`), optionally after a method.
    case urls
    /// An HTTP Archive (HAR 1.2) as browsers and proxies save it.
    case har
    /// The receiver's own postback log, as `GET /api/postbacks` answers it.
    case export
    /// The postbacks a tracker sent, as AppMetrica's Logs API exports them
    /// (`/logs/v1/export/postbacks.json` or `.csv`): each attempt with its URL, time and answer.
    case appmetrica

    /// How the format names a position in the file.
    public var unit: String { self == .har || self == .export || self == .appmetrica ? "entry" : "line" }

    /// What one position of the file is, for messages.
    var entryName: String {
        switch self {
        case .combined: "a combined access log line"
        case .json: "a JSON access log line"
        case .alb: "an AWS ALB access log line"
        case .urls: "a URL"
        case .har: "a HAR entry"
        case .export: "a postback log entry"
        case .appmetrica: "an AppMetrica postback attempt"
        }
    }
}
