import Foundation

/// A postback exactly as it reached the receiver, before any validation.
///
/// The receiver builds one per request to `/postback/advertiser`; the rule chain turns it into
/// a ``Verdict``. Nothing here is decoded yet: `target` is the raw request target
/// (path and query, percent-encoding untouched) and `body` the raw body bytes.
public struct PostbackRequest: Sendable, Equatable {
    public var method: String
    /// Raw request target, e.g. `/postback/advertiser?campaign_id=1&click_id=abc`.
    public var target: String
    /// The `Content-Type` header, if any.
    public var contentType: String?
    /// Raw body bytes (a form for POST; must be empty for GET).
    public var body: [UInt8]
    /// Remote address, for the log.
    public var source: String
    public var userAgent: String?
    public var receivedAt: Date
    /// Size of the request's header fields (`name: value` and the line break of each), for
    /// rule 1's limit; 0 when unknown.
    public var headerBytes: Int
    /// The header fields as received, in order (kept in the postback log as evidence); empty
    /// when unknown (a replayed log line, a request the parser refused).
    public var headers: [PostbackHeader]
    /// Whether the request came over TLS (the https listener); `nil` when unknown.
    public var isTLS: Bool?

    public init(
        method: String,
        target: String,
        contentType: String? = nil,
        body: [UInt8] = [],
        source: String = "",
        userAgent: String? = nil,
        receivedAt: Date,
        headerBytes: Int = 0,
        headers: [PostbackHeader] = [],
        isTLS: Bool? = nil
    ) {
        self.method = method
        self.target = target
        self.contentType = contentType
        self.body = body
        self.source = source
        self.userAgent = userAgent
        self.receivedAt = receivedAt
        self.headerBytes = headerBytes
        self.headers = headers
        self.isTLS = isTLS
    }
}

/// One header field of a postback as received: its name as the sender wrote it, and its value.
public struct PostbackHeader: Sendable, Equatable, Codable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
