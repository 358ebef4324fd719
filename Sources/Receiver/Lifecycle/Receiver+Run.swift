import Foundation
import Logging
import PostbackCore
import ServiceLifecycle
import Store

/// Starts a receiver in the background of the calling task, runs `body` with it, and always
/// shuts it down gracefully, whether `body` returns or throws.
///
/// The receiver listens on `configuration.host`/`port` (and, with `configuration.tls`, also
/// with TLS on `tlsPort`); `body` starts only once every listener is bound, so
/// ``RunningReceiver/port`` is the real port when 0 was asked for.
///
/// - Throws: ``ReceiverError`` when the configuration is refused (a non-loopback host without an
///   admin token), the TLS files cannot be used, or a port cannot be bound; otherwise what
///   `body` throws.
public func withReceiver<T: Sendable>(
    configuration: ReceiverConfiguration,
    store: any PostbackStore,
    clickIDs: ClickIDGenerator = .random(),
    clock: @escaping @Sendable () -> Date = { Date() },
    logger: Logger = Logger(label: "receiver"),
    _ body: (RunningReceiver) async throws -> T
) async throws -> T {
    let services = try ReceiverServices(
        configuration: configuration, store: store, clickIDs: clickIDs, clock: clock, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run(gracefulShutdownSignals: []) }
        let running: RunningReceiver
        do {
            running = try await services.waitUntilBound()
        } catch {
            await services.shutDown()
            // The listener's own error (e.g. cannotBind) is the one to report.
            try await group.waitForAll()
            throw error
        }
        let value: T
        do {
            value = try await body(running)
        } catch {
            await services.shutDown()
            try? await group.waitForAll()
            throw error
        }
        await services.shutDown()
        try await group.waitForAll()
        return value
    }
}

/// Serves until SIGINT or SIGTERM, then shuts down gracefully (`postback-harness serve`).
/// `onRunning` is called once every listener is bound.
///
/// - Throws: ``ReceiverError`` as ``withReceiver(configuration:store:clickIDs:clock:logger:_:)``.
public func runReceiver(
    configuration: ReceiverConfiguration,
    store: any PostbackStore,
    clickIDs: ClickIDGenerator = .random(),
    clock: @escaping @Sendable () -> Date = { Date() },
    logger: Logger = Logger(label: "receiver"),
    onRunning: @escaping @Sendable (RunningReceiver) async -> Void
) async throws {
    let services = try ReceiverServices(
        configuration: configuration, store: store, clickIDs: clickIDs, clock: clock, logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run(gracefulShutdownSignals: [.sigterm, .sigint]) }
        group.addTask {
            guard let running = try? await services.waitUntilBound() else { return }
            await onRunning(running)
        }
        try await group.waitForAll()
    }
}
