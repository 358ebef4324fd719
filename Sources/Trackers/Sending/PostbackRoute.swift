import PostbackCore

/// Where the harness delivers postbacks: the hosts that stand for ClickWall and the local
/// receiver's ports they are routed to (libcurl's connect-to), with the CA that TLS is
/// verified against.
///
/// One rule for `run`, `send`, `check --simulate` and `replay`: a postback is delivered only
/// when its host is one of `receiverHosts` (ClickWall's, `clickwall.net`) and its port is the
/// one ClickWall listens on for its scheme (443 for https, 80 for http, the default when the URL
/// names none). Any other host is never sent (nothing but 127.0.0.1 is reached from here); any
/// other port is a connection that fails, as in the field, where ClickWall does not listen there.
public struct PostbackRoute: Sendable, Hashable {
    /// Host names routed to the receiver (lower-case), e.g. `clickwall.net`.
    public var receiverHosts: Set<String>
    public var receiverAddress: String
    public var httpPort: Int
    public var httpsPort: Int?
    /// The CA certificate (PEM) that the receiver's TLS certificate is verified against.
    public var caFile: String?

    public init(
        receiverHosts: Set<String> = ["clickwall.net"], receiverAddress: String = "127.0.0.1",
        httpPort: Int, httpsPort: Int? = nil, caFile: String? = nil
    ) {
        self.receiverHosts = Set(receiverHosts.map { $0.lowercased() })
        self.receiverAddress = receiverAddress
        self.httpPort = httpPort
        self.httpsPort = httpsPort
        self.caFile = caFile
    }

    /// The libcurl `CONNECT_TO` entry for `url`, or a sentence saying why it cannot be routed.
    public func connectTo(for url: String) -> Result<String, RouteError> {
        let parsed = PostbackURL(url)
        guard let scheme = parsed.scheme else {
            return .failure(RouteError(message: "'\(url)' has no scheme: a postback URL starts with https://"))
        }
        // libcurl's connect-to names an IPv6 host with its brackets.
        let host = parsed.host ?? ""
        var port: Int?
        if let written = parsed.port {
            port = parsed.portNumber
            if port == nil {
                let hostPort = host + ":" + written
                return .failure(RouteError(message: "'\(hostPort)' in '\(url)' has an invalid port"))
            }
        }
        let target: Int
        let standardPort: Int
        switch scheme {
        case "http":
            target = httpPort
            standardPort = 80
        case "https":
            guard let httpsPort else {
                return .failure(RouteError(message: "the receiver has no TLS listener for '\(url)'"))
            }
            target = httpsPort
            standardPort = 443
        default:
            return .failure(RouteError(message: "scheme '\(scheme)' in '\(url)' is not http or https"))
        }
        guard receiverHosts.contains(host.lowercased()) else {
            let known = receiverHosts.sorted().joined(separator: ", ")
            return .failure(
                RouteError(
                    message:
                        "host '\(host)' is not ClickWall's (\(known)): the postback goes nowhere; use the URL from the ClickWall dashboard"
                ))
        }
        if let port, port != standardPort {
            return .failure(
                RouteError(
                    message:
                        "connection refused: \(host) listens on port \(standardPort) for \(scheme), not \(port) — in the field this postback never arrives; remove ':\(port)' from the URL",
                    isUnreachable: true))
        }
        return .success("\(host):\(port ?? standardPort):\(receiverAddress):\(target)")
    }

    /// Why a postback URL cannot be delivered to the receiver.
    public struct RouteError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        /// Whether the tracker would try and fail to connect (a port ClickWall does not listen
        /// on), rather than not send at all.
        public var isUnreachable = false
        public var description: String { message }
    }
}
