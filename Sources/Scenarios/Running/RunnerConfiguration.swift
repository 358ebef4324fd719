import Foundation
import Logging
import Receiver

/// How the runner sets up each scenario's receiver and reaches it.
public struct RunnerConfiguration: Sendable {
    /// TLS files for the receiver's https listener (a `clickwall.net` certificate).
    public var tls: ReceiverConfiguration.TLSFiles?
    /// The CA that the receiver's certificate is verified against.
    public var caFile: String?
    /// Conversions of one traffic step sent at once (64 by default: the client's connections,
    /// and enough for the receiver to commit them in batches).
    public var concurrency: Int
    /// A receiver started elsewhere to run against instead of an embedded one per scenario.
    public var external: ExternalReceiver?
    /// With ``external``: also run each scenario against the embedded reference receiver and
    /// keep its sends (``ScenarioResult/referenceSends``) for the conformance report.
    public var differential = false
    public var logger: Logger
    /// Conversions of one traffic step whose sends the result keeps one by one; the sends of
    /// later conversions are only counted (``ScenarioResult/omittedSends``), so that a step of
    /// a million postbacks runs in bounded memory.
    public var keptSendsPerStep: Int

    public init(
        tls: ReceiverConfiguration.TLSFiles? = nil, caFile: String? = nil, concurrency: Int = 64,
        external: ExternalReceiver? = nil, logger: Logger = Logger(label: "postback-harness.runner"),
        keptSendsPerStep: Int = 10_000
    ) {
        self.tls = tls
        self.caFile = caFile
        self.keptSendsPerStep = max(0, keptSendsPerStep)
        self.concurrency = max(1, concurrency)
        self.external = external
        self.logger = logger
    }

    /// The configuration using the test CA and certificates in `fixtures/tls/` under `root`.
    public static func fixtures(root: URL, logger: Logger = Logger(label: "postback-harness.runner"))
        -> RunnerConfiguration
    {
        let tlsFolder = root.appendingPathComponent("fixtures/tls")
        return RunnerConfiguration(
            tls: .init(
                certificateChain: tlsFolder.appendingPathComponent("server.pem").path,
                privateKey: tlsFolder.appendingPathComponent("server-key.pem").path),
            caFile: tlsFolder.appendingPathComponent("ca.pem").path, logger: logger)
    }
}
