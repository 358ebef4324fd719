import Foundation
import Logging
import NIOSSL
import PostbackCore
import ServiceLifecycle
import Store
import Synchronization
import UnixSignals

/// The receiver's listeners (plain, and TLS when configured) in one `ServiceGroup` over one
/// responder and store, with a way to wait until all of them are bound.
final class ReceiverServices: Sendable {
    private let configuration: ReceiverConfiguration
    private let store: any PostbackStore
    private let listeners: [ReceiverListener]
    private let logWriter: PostbackLogWriter
    private let logger: Logger
    private let events: AsyncStream<ReceiverListener.Event>
    private let continuation: AsyncStream<ReceiverListener.Event>.Continuation
    private let group = Mutex<ServiceGroup?>(nil)
    private let shutdownRequested = Mutex(false)

    init(
        configuration: ReceiverConfiguration, store: any PostbackStore, clickIDs: ClickIDGenerator,
        clock: @escaping @Sendable () -> Date, logger: Logger
    ) throws(ReceiverError) {
        try configuration.validate()
        let tls = try configuration.tls.map { files throws(ReceiverError) in
            try ReceiverListener.tlsConfiguration(files)
        }
        self.configuration = configuration
        self.store = store
        self.logger = logger
        (events, continuation) = AsyncStream.makeStream(of: ReceiverListener.Event.self)
        let logWriter = PostbackLogWriter(store: store)
        self.logWriter = logWriter
        let responder = ReceiverResponder(
            store: store, clickIDs: clickIDs, clock: clock, adminToken: configuration.adminToken,
            publicBaseURL: configuration.publicBaseURL, logWriter: logWriter, faults: configuration.faults)
        var listeners = [
            ReceiverListener(
                kind: .plain, host: configuration.host, port: configuration.port, responder: responder,
                tlsConfiguration: nil, limits: configuration.limits, eventLoops: configuration.eventLoops,
                logger: logger, events: continuation)
        ]
        if let tls {
            listeners.append(
                ReceiverListener(
                    kind: .tls, host: configuration.host, port: configuration.tlsPort, responder: responder,
                    tlsConfiguration: tls, limits: configuration.limits, eventLoops: configuration.eventLoops,
                    logger: logger, events: continuation))
        }
        self.listeners = listeners
    }

    /// Runs the listeners until shut down; rethrows the first listener failure.
    func run(gracefulShutdownSignals: [UnixSignal]) async throws {
        let serviceGroup = ServiceGroup(
            configuration: .init(
                // Shut down in reverse order: the listeners first, then the log writer, which
                // writes what they queued.
                services: [logWriter] + listeners.map { $0 as any Service },
                gracefulShutdownSignals: gracefulShutdownSignals, logger: logger))
        group.withLock { $0 = serviceGroup }
        if shutdownRequested.withLock({ $0 }) { await serviceGroup.triggerGracefulShutdown() }
        do {
            try await serviceGroup.run()
            continuation.finish()
        } catch {
            continuation.yield(.failed(error))
            continuation.finish()
            throw error
        }
    }

    /// Waits until every listener reported its port, or throws the failure that stopped one.
    func waitUntilBound() async throws -> RunningReceiver {
        var plain: Int?
        var tls: Int?
        let wantsTLS = listeners.count > 1
        for await event in events {
            switch event {
            case .bound(.plain, let port): plain = port
            case .bound(.tls, let port): tls = port
            case .failed(let error): throw error
            }
            if let plain, !wantsTLS || tls != nil {
                return RunningReceiver(host: configuration.host, port: plain, tlsPort: tls, store: store)
            }
        }
        try Task.checkCancellation()
        throw ReceiverError.cannotBind(
            configuration.host, configuration.port, "the listener stopped before it was bound")
    }

    /// Asks every listener to stop; in-flight requests finish first.
    func shutDown() async {
        shutdownRequested.withLock { $0 = true }
        let serviceGroup = group.withLock { $0 }
        await serviceGroup?.triggerGracefulShutdown()
    }
}
