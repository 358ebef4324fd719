import Foundation
import Logging
import PostbackCore
import PostgresNIO

/// The shared ``PostbackStore`` on PostgreSQL (postgres-nio), so that several receivers record
/// into one store (`serve --database postgres://…`).
///
/// The schema is the SQLite store's, table for table and column for column (PostgreSQL types
/// where SQLite's differ), created and upgraded by migrations under an advisory lock, so that
/// receivers starting together migrate once. Every postback is decided in one transaction, as in
/// SQLite: the campaign and click lookups, rules 4–12, rule 13 backed by
/// `UNIQUE (campaign_id, dedup_key)` (`INSERT … ON CONFLICT DO NOTHING`), the counters and the log
/// line. Where SQLite serialises writers, PostgreSQL runs them at once under READ COMMITTED, so the
/// existing conversion is read `FOR UPDATE` (two status updates of one conversion are decided one
/// after the other) and counters only ever change by `n = n + k`, each connection in a shard row of
/// its own so that commits do not queue behind one hot row (the statistics sum the shards). A transaction
/// that PostgreSQL aborts for a deadlock or a serialisation failure is run again. Every value is a
/// bound parameter; the only SQL text not fixed in the source is the URL's schema name, which is
/// checked against `[a-z_][a-z0-9_]*` (it cannot be bound).
///
/// Open it with ``withStore(url:rules:logger:_:)``: the store's connection pool runs while the
/// body runs.
public final class PostgresPostbackStore: PostbackStore {
    /// Where the store lives (the password is masked in its description).
    public let url: PostgresStoreURL
    /// The rule chain run by ``process(_:now:)``.
    public let rules: PostbackRules
    let pools: PostgresConnectionPools
    let logger: Logger

    /// Largest number of log lines one ``postbacks(_:)`` call returns (as in SQLite).
    public static let maxLogLimit = PostbackLogFilter.maxLimit
    /// Shard rows per campaign in the counter tables (see ``schemaV1``).
    static let counterShards: Int32 = 64
    /// How many times a transaction aborted by a deadlock or serialisation failure is tried.
    static let maxAttempts = 5

    private init(url: PostgresStoreURL, rules: PostbackRules, pools: PostgresConnectionPools, logger: Logger) {
        self.url = url
        self.rules = rules
        self.pools = pools
        self.logger = logger
    }

    /// Connects to the database at `url`, migrates its schema, runs `body` with the store, and
    /// closes every connection afterwards, whether `body` returns or throws.
    ///
    /// - Throws: ``StoreError`` `.unavailable` naming the URL (password masked) and the server's
    ///   message when the URL is invalid, the server cannot be reached, refuses the login, or the
    ///   schema cannot be migrated; otherwise what `body` throws.
    public static func withStore<T: Sendable>(
        url text: String, rules: PostbackRules = PostbackRules(), logger: Logger = Logger(label: "postgres-store"),
        _ body: (PostgresPostbackStore) async throws -> T
    ) async throws -> T {
        let url = try PostgresStoreURL(text)
        try await migrate(url, logger: logger)
        // The pool's background log stays at errors: its warning that a lease can come before
        // `run()` started is expected here (the body may start first; the lease then waits).
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        let backgroundLogger = background
        let pools = PostgresConnectionPools {
            PostgresClient(configuration: url.clientConfiguration(), backgroundLogger: backgroundLogger)
        }
        let store = PostgresPostbackStore(url: url, rules: rules, pools: pools, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await pools.run(url: url, logger: logger) }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }

    // MARK: - Transactions

    /// Runs `body` in one transaction on a pooled connection, committed before this returns.
    /// A ``StoreError`` thrown by `body` rolls back and is rethrown as is; a deadlock or
    /// serialisation failure is tried again; any other failure becomes ``StoreError``
    /// `.unavailable` saying what was being done — at once while the server is known to be
    /// unreachable, within ``PostgresConnectionPools/leaseTimeout`` when no connection comes.
    @discardableResult
    func transaction<T: Sendable>(
        _ action: @autoclosure () -> String, _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        var attempt = 1
        let logger = self.logger
        while true {
            do {
                try checkReachable()
                return try await pools.withConnection { connection in
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        let value = try await body(connection, logger)
                        try await connection.query("COMMIT", logger: logger)
                        return value
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
            } catch let error as StoreError {
                throw error
            } catch let error as CancellationError {
                throw error
            } catch {
                if attempt < Self.maxAttempts && Self.isRetryable(error) {
                    attempt += 1
                    continue
                }
                noteFailure(error)
                throw StoreError.unavailable("PostgreSQL store failed while \(action()): \(Self.describe(error))")
            }
        }
    }

    /// Runs `body` on a pooled connection outside any explicit transaction (each statement sees
    /// committed data).
    func read<T: Sendable>(
        _ action: @autoclosure () -> String, _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        let logger = self.logger
        do {
            try checkReachable()
            return try await pools.withConnection { connection in try await body(connection, logger) }
        } catch let error as StoreError {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch {
            noteFailure(error)
            throw StoreError.unavailable("PostgreSQL store failed while \(action()): \(Self.describe(error))")
        }
    }

    /// Fails at once while the server is known to be unreachable.
    private func checkReachable() throws(StoreError) {
        if let problem = pools.unreachable { throw .unavailable("PostgreSQL store is \(problem)") }
    }

    /// Marks the server unreachable after a failure of the connection (not of the SQL).
    private func noteFailure(_ error: any Error) {
        if Self.isConnectionFailure(error) { pools.markUnreachable(Self.describe(error)) }
    }

    /// No connection in time, or a connection that failed or was closed under the work.
    static func isConnectionFailure(_ error: any Error) -> Bool {
        if error is PostgresConnectionPools.LeaseTimeout { return true }
        guard let error = error as? PSQLError else { return false }
        return [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown]
            .contains(error.code)
    }

    /// Deadlock (40P01) or serialisation failure (40001): the transaction may simply be run again.
    static func isRetryable(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }

    /// The server's own message and SQLSTATE, or the connection failure, never the password.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo {
            let message = info[.message] ?? "server error"
            return info[.sqlState].map { "\(message) (SQLSTATE \($0))" } ?? message
        }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }
}
