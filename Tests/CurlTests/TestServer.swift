import Curl
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1, port 0, over NIO (TLS with the fixtures when asked).
///
/// Routes: `/redirect` answers 302 to `/target?from=redirect`; `/loop` redirects to itself;
/// `/hang` never answers; `/gate` holds each answer until `gateSize` `/gate` requests have
/// arrived, then answers them all (and later ones at once); `/hold` answers after 20 ms and counts
/// how many it holds at once (``holdingPeak``); anything else answers 200 `ok`.
/// In `silent` mode it accepts connections and never sends a byte (not even a TLS handshake).
/// In `raw` mode it parses nothing: it records each request head's target as raw bytes (which
/// NIOHTTP1's strict parser would refuse, e.g. non-ASCII bytes) and answers 200 `ok`.
final class TestServer: Sendable {
    enum Mode: Sendable {
        case http
        case tls
        case silent
        case raw
    }

    let port: Int
    /// The most `/hold` requests held at one time.
    var holdingPeak: Int { recorder.holdingPeak }
    private let channel: any Channel
    private let recorder: Recorder

    /// Runs `body` with a started server, and closes the server afterwards.
    static func with<T>(
        _ mode: Mode = .http, gateSize: Int = 0, isolation: isolated (any Actor)? = #isolation,
        _ body: (TestServer) async throws -> T
    ) async throws -> T {
        let server = try await TestServer(mode: mode, gateSize: gateSize)
        do {
            let result = try await body(server)
            try await server.close()
            return result
        } catch {
            try? await server.close()
            throw error
        }
    }

    private init(mode: Mode, gateSize: Int) async throws {
        let recorder = Recorder(gateSize: gateSize)
        let sslContext: NIOSSLContext? =
            switch mode {
            case .tls:
                try NIOSSLContext(
                    configuration: .makeServerConfiguration(
                        certificateChain: try NIOSSLCertificate.fromPEMFile(Fixtures.tls("server.pem")).map {
                            .certificate($0)
                        },
                        privateKey: .privateKey(
                            try NIOSSLPrivateKey(file: Fixtures.tls("server-key.pem"), format: .pem))
                    ))
            case .http, .silent, .raw: nil
            }
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelInitializer { channel in
                recorder.connectionOpened()
                channel.closeFuture.whenComplete { _ in recorder.connectionClosed() }
                return channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    switch mode {
                    case .silent:
                        try pipeline.addHandler(DiscardingHandler())
                        return
                    case .raw:
                        try pipeline.addHandler(RawRequestHandler(recorder: recorder))
                        return
                    case .http, .tls:
                        break
                    }
                    if let sslContext {
                        try pipeline.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(RecordingHandler(recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try await channel.close()
            throw Fixtures.Missing(description: "the test server has no bound port")
        }
        self.port = port
        self.channel = channel
        self.recorder = recorder
    }

    func close() async throws {
        try await channel.close()
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    var requests: [ReceivedRequest] { recorder.requests }
    /// The request targets seen in `raw` mode, as bytes.
    var rawTargets: [[UInt8]] { recorder.rawTargets }
    var acceptedConnections: Int { recorder.accepted }
    var closedConnections: Int { recorder.closed }
}
