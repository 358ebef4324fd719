import Store

/// A receiver that is bound and serving: where to reach it and the store behind it.
public struct RunningReceiver: Sendable {
    /// The host it listens on, as configured.
    public let host: String
    /// The bound plain HTTP port (the real one when 0 was asked for).
    public let port: Int
    /// The bound TLS port, when TLS was configured.
    public let tlsPort: Int?
    /// The store the receiver records into.
    public let store: any PostbackStore

    public init(host: String, port: Int, tlsPort: Int?, store: any PostbackStore) {
        self.host = host
        self.port = port
        self.tlsPort = tlsPort
        self.store = store
    }

    /// `http://host:port`, with an IPv6 host in brackets.
    public var baseURL: String {
        host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }
}
