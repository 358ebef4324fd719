/// One HTTP request for ``CurlClient/send(_:)``: what goes on the wire and how long to wait.
///
/// The URL is sent exactly as given: libcurl's `CURLOPT_PATH_AS_IS` is on, nothing is
/// re-encoded, and a malformed URL is refused by libcurl with its own message (see
/// ``CurlClient`` for what libcurl 7.88 accepts). TLS verification is always on; point
/// ``caFile`` at a test CA to reach a test server.
public struct CurlRequest: Sendable {
    /// The method token: `GET`, `POST`, `HEAD` or any other token (sent with `CURLOPT_CUSTOMREQUEST`).
    public var method: String
    /// The URL, sent as given. Only `http` and `https` are allowed.
    public var url: String
    /// Extra request headers, in order. A header with an empty value is sent as `Name:` with
    /// nothing after it. Giving a header libcurl would add itself (`Host`, `Content-Type`,
    /// `Accept`, ...) replaces libcurl's.
    public var headers: [HTTPHeader]
    /// The request body, sent byte for byte. Without a `Content-Type` header, libcurl sends
    /// `application/x-www-form-urlencoded`.
    public var body: [UInt8]?
    /// How long connecting may take, TLS handshake included. At least one millisecond.
    public var connectTimeout: Duration
    /// How long the whole request may take, connecting included. At least one millisecond.
    public var timeout: Duration
    /// Whether to follow `3xx` redirects (`false` by default: the response is the redirect).
    public var followRedirects: Bool
    /// How many redirects to follow at most, when ``followRedirects`` is on.
    public var maxRedirects: Int
    /// `CURLOPT_CONNECT_TO` entries, e.g. `clickwall.net:443:127.0.0.1:8443`: connect to another
    /// host and port while the URL, the `Host` header and TLS name checks keep the URL's host.
    public var connectTo: [String]
    /// A PEM file of CA certificates to verify the server against, instead of the system's.
    public var caFile: String?
    /// The `User-Agent` header; none is sent when `nil`.
    public var userAgent: String?
    /// Whether to open a new connection for this request and close it afterwards.
    public var freshConnection: Bool

    /// Makes a request; only the URL is required.
    public init(
        method: String = "GET",
        url: String,
        headers: [HTTPHeader] = [],
        body: [UInt8]? = nil,
        connectTimeout: Duration = .seconds(10),
        timeout: Duration = .seconds(30),
        followRedirects: Bool = false,
        maxRedirects: Int = 5,
        connectTo: [String] = [],
        caFile: String? = nil,
        userAgent: String? = nil,
        freshConnection: Bool = false
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.followRedirects = followRedirects
        self.maxRedirects = maxRedirects
        self.connectTo = connectTo
        self.caFile = caFile
        self.userAgent = userAgent
        self.freshConnection = freshConnection
    }
}
