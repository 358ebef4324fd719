import Foundation

/// Where the harness delivers postbacks: the hosts that stand for ClickWall and the local
/// receiver's ports they are routed to (libcurl's connect-to), with the CA that TLS is
/// verified against.
///
/// A postback whose host is not one of `receiverHosts` is never sent: nothing but
/// 127.0.0.1 is reached from here, and in the field such a postback would not reach
/// ClickWall either.
public struct PostbackRoute: Sendable, Hashable {
    /// Host names routed to the receiver (lower-case), e.g. `clickwall.net`.
    public var receiverHosts: Set<String>
    public var receiverAddress: String
    public var httpPort: Int
    public var httpsPort: Int?
    /// The CA certificate (PEM) that the receiver's TLS certificate is verified against.
    public var caFile: String?

    public init(
        receiverHosts: Set<String> = ["clickwall.net", "127.0.0.1", "localhost"], receiverAddress: String = "127.0.0.1",
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
        guard let schemeEnd = url.range(of: "://") else {
            return .failure(RouteError(message: "'\(url)' has no scheme: a postback URL starts with https://"))
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let afterScheme = url[schemeEnd.upperBound...]
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPort = authority.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        var host = hostPort
        var port: Int?
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            host = String(hostPort[..<colon])
            port = Int(hostPort[hostPort.index(after: colon)...])
            if port == nil {
                return .failure(RouteError(message: "'\(hostPort)' in '\(url)' has an invalid port"))
            }
        }
        let target: Int
        switch scheme {
        case "http":
            target = httpPort
            port = port ?? 80
        case "https":
            guard let httpsPort else {
                return .failure(RouteError(message: "the receiver has no TLS listener for '\(url)'"))
            }
            target = httpsPort
            port = port ?? 443
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
        return .success("\(host):\(port!):\(receiverAddress):\(target)")
    }

    /// Why a postback URL cannot be delivered to the receiver.
    public struct RouteError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The host of `url` (between `://` and the port, path or query), or `nil` without a scheme.
    public static func host(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPort = authority.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            return String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
        }
        return String(hostPort.prefix { $0 != ":" })
    }

    /// Whether `host` is an IPv4 address (four dotted numbers) or an IPv6 address.
    public static func isIPAddress(_ host: String) -> Bool {
        if host.contains(":") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isNumber) }
    }
}
