import Foundation

/// One line of the postback log: every request to the postback endpoint, whatever its verdict.
public struct PostbackLogEntry: Sendable, Equatable, Codable {
    public var id: Int64?
    public var receivedAt: Date
    public var method: String
    /// The raw request target as received (path and query).
    public var url: String
    public var source: String
    public var userAgent: String?
    public var result: PostbackResult
    public var reason: RejectReason?
    public var message: String
    public var campaignID: String?
    public var clickID: String?
    public var httpStatus: Int
    public var conversionID: String?
    public var warnings: [String]
    /// The request body as received (a POST's form, where its parameters are), decoded as
    /// UTF-8 with invalid bytes replaced; `nil` when the request had none.
    public var body: String?
    /// The request's header fields as received; `nil` for lines logged before they were kept
    /// or when they were not known (a request the parser refused).
    public var headers: [PostbackHeader]?
    /// Whether the request came over TLS; `nil` when not known.
    public var tls: Bool?

    public init(
        id: Int64? = nil, receivedAt: Date, method: String, url: String, source: String, userAgent: String?,
        result: PostbackResult, reason: RejectReason?, message: String, campaignID: String?, clickID: String?,
        httpStatus: Int, conversionID: String? = nil, warnings: [String] = [], body: String? = nil,
        headers: [PostbackHeader]? = nil, tls: Bool? = nil
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.method = method
        self.url = url
        self.source = source
        self.userAgent = userAgent
        self.result = result
        self.reason = reason
        self.message = message
        self.campaignID = campaignID
        self.clickID = clickID
        self.httpStatus = httpStatus
        self.conversionID = conversionID
        self.warnings = warnings
        self.body = body
        self.headers = headers
        self.tls = tls
    }

    enum CodingKeys: String, CodingKey {
        case id
        case receivedAt = "received_at"
        case method, url, source
        case userAgent = "user_agent"
        case result, reason, message
        case campaignID = "campaign_id"
        case clickID = "click_id"
        case httpStatus = "http_status"
        case conversionID = "conversion_id"
        case warnings, body, headers, tls
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encode(receivedAt, forKey: .receivedAt)
        try c.encode(method, forKey: .method)
        try c.encode(url, forKey: .url)
        try c.encode(source, forKey: .source)
        try c.encode(userAgent, forKey: .userAgent)
        try c.encode(result, forKey: .result)
        try c.encode(reason, forKey: .reason)
        try c.encode(message, forKey: .message)
        try c.encode(campaignID, forKey: .campaignID)
        try c.encode(clickID, forKey: .clickID)
        try c.encode(httpStatus, forKey: .httpStatus)
        try c.encode(conversionID, forKey: .conversionID)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(body, forKey: .body)
        try c.encode(headers, forKey: .headers)
        try c.encode(tls, forKey: .tls)
    }
}

/// Filters of `GET /api/postbacks`.
public struct PostbackLogFilter: Sendable, Equatable {
    /// The most log lines one query returns; a larger ``limit`` is cut to it.
    public static let maxLimit = 10_000

    public var campaignID: String?
    public var result: PostbackResult?
    public var reason: RejectReason?
    public var limit: Int
    /// Only lines older than this one (`id < beforeID`): the cursor of the next page when the
    /// log is read a page at a time, newest first.
    public var beforeID: Int64?
    public init(
        campaignID: String? = nil, result: PostbackResult? = nil, reason: RejectReason? = nil, limit: Int = 100,
        beforeID: Int64? = nil
    ) {
        self.campaignID = campaignID
        self.result = result
        self.reason = reason
        self.limit = limit
        self.beforeID = beforeID
    }
}
