import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import Synchronization

/// One listening socket of the receiver — plain HTTP or TLS — as a `Service`: it runs a
/// Hummingbird `Application` over the shared responder, reports its bound port, and turns a
/// failure to bind into ``ReceiverError/cannotBind(_:_:_:)``.
struct ReceiverListener: Service {
    enum Kind: Sendable, Equatable {
        case plain
        case tls
    }

    /// What a listener reports to whoever waits for the receiver to come up.
    enum Event: Sendable {
        case bound(Kind, port: Int)
        case failed(any Error)
    }

    /// Largest request line plus headers the HTTP parser accepts. NIO's default (80 KiB) would
    /// refuse a 100 KB query with Hummingbird's bare 400 before any route sees it; with this
    /// limit such a URL reaches the rule chain, which answers the JSON 414 of rule 1. A request
    /// head beyond it still gets Hummingbird's 400 and the connection is closed; the server goes
    /// on serving.
    static let maxRequestHeadBytes = 512 * 1024

    let kind: Kind
    let host: String
    let port: Int
    let responder: ReceiverResponder
    let tlsConfiguration: TLSConfiguration?
    let limits: ConnectionLimits
    /// Event-loop threads of the group that serves its connections.
    let eventLoops: Int
    let logger: Logger
    let events: AsyncStream<Event>.Continuation

    func run() async throws {
        let limits = self.limits
        let postback = responder.postback
        let logger = self.logger
        let gauge = ConnectionGauge(
            maxConnections: limits.maxConnections, maxConnectionsPerPeer: limits.maxConnectionsPerPeer)
        let tls = tlsConfiguration != nil
        let http1 = HTTP1Channel.Configuration(
            // Head, body, handshake and keep-alive idle timeouts: see ConnectionLimits.
            additionalChannelHandlers: [
                RequestTimeoutHandler(limits: limits, gauge: gauge, tls: tls),
                PostbackChannelHandler(endpoint: postback, isTLS: tls, logger: logger),
            ],
            idleTimeout: nil,
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: Self.maxRequestHeadBytes, maxHeaderListSize: Self.maxRequestHeadBytes,
                maxHeaderFieldCount: 200)
        )
        let plain = HTTPServerBuilder { responder in
            GuardedHTTP1Channel(inner: HTTP1Channel(responder: responder, configuration: http1))
        }
        let server: HTTPServerBuilder
        if let tlsConfiguration {
            server = try .tls(plain, tlsConfiguration: tlsConfiguration)
        } else {
            server = plain
        }
        let kind = self.kind
        let events = self.events
        let bound = BoundFlag()
        let application = Application(
            responder: responder,
            server: server,
            configuration: .init(
                address: .hostname(host, port: port), serverName: nil, reuseAddress: true,
                availableConnectionsDelegate: .maximum(limits.maxConnections, logger: logger)),
            onServerRunning: { channel in
                bound.set()
                events.yield(.bound(kind, port: channel.localAddress?.port ?? 0))
            },
            eventLoopGroupProvider: .shared(ReceiverEventLoops.group(threads: eventLoops)),
            logger: logger
        )
        do {
            try await application.run()
        } catch {
            if bound.isSet { throw error }
            throw ReceiverError.cannotBind(host, port, Self.describe(error))
        }
    }

    /// The operating system's message without NIO's decoration where possible.
    static func describe(_ error: any Error) -> String {
        var text = "\(error)"
        // NIO's IOError reads `bind(descriptor:ptr:bytes:): Address already in use) (errno: 98)`:
        // keep the system's message and its errno.
        if let range = text.range(of: "): ") { text = String(text[range.upperBound...]) }
        if let range = text.range(of: ") (errno: ") { text.replaceSubrange(range, with: " (errno ") }
        return text
    }

    /// Loads the PEM files into a server TLS configuration.
    static func tlsConfiguration(_ files: ReceiverConfiguration.TLSFiles) throws(ReceiverError) -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificateChain)
        } catch {
            throw .invalidTLS("cannot read the certificate chain '\(files.certificateChain)': \(error)")
        }
        guard !chain.isEmpty else {
            throw .invalidTLS("the certificate chain '\(files.certificateChain)' holds no PEM certificate")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: files.privateKey, format: .pem)
        } catch {
            throw .invalidTLS("cannot read the private key '\(files.privateKey)': \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        // TLS 1.0 and 1.1 are deprecated (RFC 8996): 1.2 and 1.3 only.
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}

/// Set once the listener is bound, so that a later failure is not reported as a bind error.
private final class BoundFlag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var isSet: Bool { state.withLock { $0 } }
}

/// Hummingbird's HTTP/1 child channel with ``RequestLineGuard`` before its HTTP parser.
struct GuardedHTTP1Channel: ServerChildChannel {
    let inner: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(RequestLineGuard())
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
