/// How a receiver listens: address, ports, admin token, TLS and the base of postback URLs.
///
/// ```swift
/// var configuration = ReceiverConfiguration()
/// configuration.tls = .init(certificateChain: "fixtures/tls/server.pem", privateKey: "fixtures/tls/server-key.pem")
/// try await withReceiver(configuration: configuration, store: store) { receiver in … }
/// ```
public struct ReceiverConfiguration: Sendable {
    /// Address to listen on. A non-loopback address needs ``adminToken`` (DESIGN §4).
    public var host: String
    /// Plain HTTP port; 0 picks any free port (see ``RunningReceiver/port``).
    public var port: Int
    /// When set, every `/api/*` call needs `Authorization: Bearer <token>`.
    public var adminToken: String?
    /// When set, the receiver also listens with TLS on ``tlsPort``.
    public var tls: TLSFiles?
    /// TLS port; 0 picks any free port (see ``RunningReceiver/tlsPort``).
    public var tlsPort: Int
    /// Scheme and host of the postback URLs handed out by the admin API (`postback_url`).
    public var publicBaseURL: String
    /// Connection cap and timeouts that keep slow or idle clients from holding the receiver.
    public var limits: ConnectionLimits = ConnectionLimits()
    /// Faults injected into postback answers (slow, 5xx or reset answers, a moved clock), also
    /// armed at run time through `/api/faults`; `nil` for none and no such API.
    public var faults: ReceiverFaults?
    /// Event-loop threads that serve connections, at least 1. The default leaves one core to the
    /// store's writer (``ReceiverEventLoops/defaultCount``).
    public var eventLoops: Int = ReceiverEventLoops.defaultCount

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        adminToken: String? = nil,
        tls: TLSFiles? = nil,
        tlsPort: Int = 0,
        publicBaseURL: String = "https://clickwall.net",
        faults: ReceiverFaults? = nil
    ) {
        self.host = host
        self.port = port
        self.adminToken = adminToken
        self.tls = tls
        self.tlsPort = tlsPort
        self.publicBaseURL = publicBaseURL
        self.faults = faults
    }

    /// PEM files of the TLS listener: the server certificate chain and its private key.
    public struct TLSFiles: Sendable {
        /// PEM file with the server certificate first, then any intermediates.
        public var certificateChain: String
        /// PEM file with the certificate's private key.
        public var privateKey: String

        public init(certificateChain: String, privateKey: String) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
        }
    }
}
