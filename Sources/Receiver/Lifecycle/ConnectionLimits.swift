/// How many connections a listener holds at once and how long a client may take, so that slow
/// clients (slowloris: a request head sent a byte at a time; a body that never ends) and idle
/// ones cannot stop the receiver from serving others.
///
/// - A client has ``headTimeout`` from connecting, or from the end of its previous answer on a
///   keep-alive connection, to send a complete request head (request line and headers); then
///   ``bodyTimeout`` to send the rest of the request. Past either, the connection is closed.
/// - Each listener accepts at most ``maxConnections`` connections at once; further ones wait in
///   the operating system's accept queue until a connection closes.
/// - A client that takes nothing of an answer for ``headTimeout`` is disconnected.
/// - From half the cap on, a client that has kept the receiver waiting ``sheddingTimeout`` for a
///   head or a body (or a TLS handshake), or has taken nothing of an answer for that long, is
///   disconnected: slow clients are shed first.
/// - A TLS handshake not finished ``handshakeTimeout`` after the connection's start is closed.
/// - With ``maxConnectionsPerPeer``, a connection beyond that many from one address is closed
///   as soon as it is accepted.
public struct ConnectionLimits: Sendable, Equatable {
    /// Largest number of open connections per listener.
    public var maxConnections: Int
    /// Time allowed for a complete request head, counted from the connection's start or the end of
    /// the previous answer (so it is also the keep-alive idle timeout).
    public var headTimeout: Duration
    /// Time allowed from the request head to the end of its body.
    public var bodyTimeout: Duration
    /// Time a client may keep the receiver waiting once half the cap is in use.
    public var sheddingTimeout: Duration
    /// Time allowed for a TLS handshake, from the connection's start (TLS listener only).
    public var handshakeTimeout: Duration
    /// Largest number of connections one peer address holds at once per listener; `nil`, the
    /// default: no limit of its own, since behind a proxy every client has the proxy's address.
    public var maxConnectionsPerPeer: Int?

    public init(
        maxConnections: Int = 1024, headTimeout: Duration = .seconds(30), bodyTimeout: Duration = .seconds(10),
        sheddingTimeout: Duration = .seconds(2), handshakeTimeout: Duration = .seconds(5),
        maxConnectionsPerPeer: Int? = nil
    ) {
        self.maxConnections = maxConnections
        self.headTimeout = headTimeout
        self.bodyTimeout = bodyTimeout
        self.sheddingTimeout = sheddingTimeout
        self.handshakeTimeout = handshakeTimeout
        self.maxConnectionsPerPeer = maxConnectionsPerPeer
    }
}
