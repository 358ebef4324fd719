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

extension RunningReceiver {
    /// How many postbacks naming `campaignID` the receiver's postback path has answered, over
    /// every receiver in this process: tests use it to show that a run, a simulation or `serve`
    /// went through that one path.
    @_spi(Testing) public static func postbacksAnswered(campaignID: String) -> Int {
        PostbackEndpoint.answeredByCampaign.withLock { $0[campaignID] ?? 0 }
    }

    /// Turns on the count behind ``postbacksAnswered(campaignID:)`` for the rest of the process.
    @_spi(Testing) public static func startCountingPostbacks() {
        PostbackEndpoint.counting.store(true, ordering: .relaxed)
    }
}
