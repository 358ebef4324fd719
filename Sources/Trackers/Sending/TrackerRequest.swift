import Curl
import PostbackCore

/// The request a tracker profile makes for one filled postback URL: its method (a POST sends the
/// query as a form body), timeouts, User-Agent and redirects. ``PostbackSender`` sends it, and
/// `send` shows it; this is the one place that builds it.
public struct TrackerRequest: Sendable {
    /// The URL exactly as the tracker filled it.
    public var url: String
    /// What libcurl is given.
    public var curl: CurlRequest
    /// The form body of a POST, as text.
    public var body: String?
    /// Why the tracker does not send it at all (a profile that refuses IP-address hosts), or `nil`.
    public var refusal: String?

    /// - Parameters:
    ///   - connectTo: libcurl `CONNECT_TO` entries (``PostbackRoute/connectTo(for:)``).
    ///   - timeout: replaces the profile's total timeout when given.
    public init(
        url: String, profile: TrackerProfile, connectTo: [String], caFile: String?, timeout: Duration? = nil
    ) {
        self.url = url
        let parsed = PostbackURL(url)
        var requestURL = url
        var headers: [HTTPHeader] = []
        if profile.method == .post, let query = parsed.query {
            requestURL = parsed.replacingQuery(nil)
            body = query
            headers.append(HTTPHeader("Content-Type", "application/x-www-form-urlencoded"))
        }
        if profile.refusesIPAddressHosts, parsed.hasIPAddressHost, let host = parsed.hostName {
            refusal = "\(profile.name) does not send callbacks to an IP address ('\(host)'): use a host name"
        }
        curl = CurlRequest(
            method: profile.method.rawValue, url: requestURL, headers: headers, body: body.map { Array($0.utf8) },
            connectTimeout: profile.timeouts.connect, timeout: timeout ?? profile.timeouts.total,
            followRedirects: profile.followsRedirects, connectTo: connectTo, caFile: caFile,
            userAgent: profile.userAgent)
    }

    /// The request line's target (`/path?query`).
    public var target: String { PostbackURL(curl.url).target }
}
