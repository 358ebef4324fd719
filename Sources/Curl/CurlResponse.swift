/// The answer to a ``CurlRequest``: the final response when redirects were followed.
public struct CurlResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The response headers of the final response, in the order received.
    public var headers: [HTTPHeader]
    /// The response body, byte for byte.
    public var body: [UInt8]
    /// Where the response redirects to: its `Location` header exactly as sent, else the absolute
    /// URL libcurl worked out (`CURLINFO_REDIRECT_URL`); `nil` when it does not redirect.
    public var redirectLocation: String?
    /// The URL of the final response (`CURLINFO_EFFECTIVE_URL`).
    public var effectiveURL: String
    /// How long the request took, from start to the last byte (`CURLINFO_TOTAL_TIME_T`).
    public var totalTime: Duration

    /// Makes a response; the client makes them, tests may too.
    public init(
        status: Int,
        headers: [HTTPHeader] = [],
        body: [UInt8] = [],
        redirectLocation: String? = nil,
        effectiveURL: String,
        totalTime: Duration = .zero
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.redirectLocation = redirectLocation
        self.effectiveURL = effectiveURL
        self.totalTime = totalTime
    }

    /// The body decoded as UTF-8, invalid bytes replaced by U+FFFD.
    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }

    /// The value of the first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
