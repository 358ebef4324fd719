import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The PostgreSQL store's connection pool, kept honest about an unreachable server.
///
/// - A connection is waited for at most ``leaseTimeout``; past it the wait is cancelled (so the
///   work never runs later, after its caller was told the store is unavailable) and the server
///   is taken to be unreachable.
/// - While it is unreachable, every call fails at once instead of queueing.
/// - ``run(url:logger:)`` checks the server every ``probeInterval`` while it is unreachable with
///   a connection of its own; when the server answers, a fresh pool replaces the failing one,
///   whose reconnection back-off (postgres-nio's: up to a minute) would otherwise hold the store
///   down long after the server is back. The old pool is shut down ``retireDelay`` later, when
///   the work it still had has finished.
final class PostgresConnectionPools: Sendable {
    static let leaseTimeout = Duration.seconds(2)
    static let probeInterval = Duration.milliseconds(250)
    static let retireDelay = Duration.seconds(10)

    /// A pool to run, and the signal that retires it.
    private struct Pool: Sendable {
        let client: PostgresClient
        let retire: AsyncStream<Void>
    }

    private struct State {
        var client: PostgresClient
        var retire: AsyncStream<Void>.Continuation
        var unreachableSince: ContinuousClock.Instant?
        var lastProblem = ""
    }

    private let state: Mutex<State>
    private let pools: AsyncStream<Pool>
    private let newPools: AsyncStream<Pool>.Continuation
    private let makeClient: @Sendable () -> PostgresClient

    init(makeClient: @escaping @Sendable () -> PostgresClient) {
        self.makeClient = makeClient
        (pools, newPools) = AsyncStream.makeStream(of: Pool.self)
        let client = makeClient()
        let (retire, retiring) = AsyncStream.makeStream(of: Void.self)
        state = Mutex(State(client: client, retire: retiring))
        newPools.yield(Pool(client: client, retire: retire))
    }

    /// Why the store cannot be used now, or `nil` while the server is taken to be reachable.
    var unreachable: String? {
        state.withLock { state in
            state.unreachableSince.map { "unreachable for \($0.duration(to: .now)): \(state.lastProblem)" }
        }
    }

    /// Marks the server unreachable (the probe clears it when the server answers).
    func markUnreachable(_ problem: String) {
        state.withLock { state in
            if state.unreachableSince == nil { state.unreachableSince = .now }
            state.lastProblem = problem
        }
    }

    /// Runs `body` on a pooled connection, waiting at most ``leaseTimeout`` for one.
    ///
    /// - Throws: ``LeaseTimeout`` when no connection came in time; otherwise what the pool or
    ///   `body` throws.
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T)
        async throws -> T
    {
        let client = state.withLock { $0.client }
        // Decided once: either the work got its connection, or the wait timed out and the work
        // never runs (a connection that comes after the timeout is handed back untouched).
        let lease = Lease()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    guard lease.settle(.leased) else { throw LeaseTimeout() }
                    return try await body(connection)
                }
            }
            group.addTask {
                try await Task.sleep(for: Self.leaseTimeout)
                if lease.settle(.timedOut) { throw LeaseTimeout() }
                return nil
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let value = next { return value }
            }
            throw CancellationError()
        }
    }

    /// The outcome of one wait for a connection, settled once.
    private final class Lease: Sendable {
        enum Outcome {
            case waiting, leased, timedOut
        }
        private let outcome = Mutex(Outcome.waiting)

        /// Settles the wait as `settled`; false when it was settled already.
        func settle(_ settled: Outcome) -> Bool {
            outcome.withLock { outcome in
                guard outcome == .waiting else { return false }
                outcome = settled
                return true
            }
        }
    }

    /// No connection within ``leaseTimeout``.
    struct LeaseTimeout: Error, CustomStringConvertible {
        var description: String { "no connection within \(PostgresConnectionPools.leaseTimeout)" }
    }

    /// Runs the pools and the probe until the task is cancelled.
    func run(url: PostgresStoreURL, logger: Logger) async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.probe(url: url, logger: logger) }
            for await pool in pools {
                group.addTask {
                    await withDiscardingTaskGroup { inner in
                        inner.addTask { await pool.client.run() }
                        for await _ in pool.retire {}
                        try? await Task.sleep(for: Self.retireDelay)
                        inner.cancelAll()
                    }
                }
            }
        }
    }

    /// While the server is marked unreachable, tries it with a connection of its own; once it
    /// answers, swaps in a fresh pool and clears the mark.
    private func probe(url: PostgresStoreURL, logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: Self.probeInterval)
            } catch {
                return
            }
            guard state.withLock({ $0.unreachableSince != nil }) else { continue }
            do {
                var configuration = try url.connectionConfiguration()
                configuration.options.connectTimeout = .seconds(1)
                let connection = try await PostgresConnection.connect(
                    configuration: configuration, id: 0, logger: logger)
                let answered = (try? await connection.query("SELECT 1", logger: logger).collect()) != nil
                try? await connection.close()
                guard answered else { continue }
            } catch {
                continue
            }
            let client = makeClient()
            let (retire, retiring) = AsyncStream.makeStream(of: Void.self)
            let old = state.withLock { state in
                defer {
                    state.client = client
                    state.retire = retiring
                    state.unreachableSince = nil
                }
                return state.retire
            }
            newPools.yield(Pool(client: client, retire: retire))
            old.finish()
            logger.notice("PostgreSQL store reachable again: a fresh connection pool serves it")
        }
    }
}
