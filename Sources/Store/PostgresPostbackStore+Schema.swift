import Foundation
import Logging
import PostgresNIO

extension PostgresPostbackStore {
    /// The schema's migrations, oldest first, each a list of statements run in one transaction.
    /// A migration, once shipped, never changes: a new version is a new migration appended here.
    /// Identifiers match the SQLite store's.
    static let migrations: [(identifier: String, statements: [String])] = [
        ("v1", schemaV1),
        // As SQLite's v2: `conversions_by_click` is read by no query.
        ("v2", ["DROP INDEX IF EXISTS conversions_by_click"]),
        // As SQLite's v3: the log keeps a request's body.
        ("v3", ["ALTER TABLE postback_log ADD COLUMN IF NOT EXISTS body TEXT"]),
        // SQLite's v4 drops its unique dedup index for an in-memory one; PostgreSQL keeps its
        // constraint (several receivers share the store).
        ("v4", []),
        // As SQLite's v5: the log keeps each request's header fields and whether it was TLS.
        (
            "v5",
            [
                "ALTER TABLE postback_log ADD COLUMN IF NOT EXISTS headers TEXT",
                "ALTER TABLE postback_log ADD COLUMN IF NOT EXISTS tls BOOLEAN",
            ]
        ),
    ]

    /// Key of the advisory lock that serialises migrations of one database.
    static let migrationLock: Int64 = 0x706F_7374_6261_636B  // "postback"

    /// Version 1 of the schema: the SQLite store's tables and columns with PostgreSQL types
    /// (`BIGSERIAL` for SQLite's `INTEGER PRIMARY KEY`, `DOUBLE PRECISION` for `REAL` seconds,
    /// `BIGINT` counters). Money stays `TEXT` holding a plain decimal.
    ///
    /// One difference: the counter tables have a `shard` column. SQLite has one writer at a time;
    /// PostgreSQL commits many transactions at once, and one counters row per campaign would make
    /// every postback of a campaign wait for the previous one's commit (its fsync) — a few hundred
    /// postbacks a second. Each connection adds to its own shard row (`pg_backend_pid() % 64`),
    /// in the same transaction as the rows it counts, and the statistics sum the shards.
    static let schemaV1 = [
        """
        CREATE TABLE campaigns (
            id TEXT PRIMARY KEY NOT NULL,
            status TEXT NOT NULL,
            type TEXT NOT NULL,
            payout TEXT NOT NULL,
            events TEXT,
            token TEXT,
            conversion_window_days BIGINT NOT NULL,
            default_conversion_status TEXT NOT NULL,
            tracking_link TEXT,
            dedup TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL
        )
        """,
        """
        CREATE TABLE clicks (
            id TEXT PRIMARY KEY NOT NULL,
            campaign_id TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL
        )
        """,
        "CREATE INDEX clicks_by_campaign ON clicks (campaign_id)",
        """
        CREATE TABLE conversions (
            id BIGSERIAL PRIMARY KEY,
            campaign_id TEXT NOT NULL,
            click_id TEXT NOT NULL,
            event TEXT,
            txid TEXT,
            dedup_key TEXT,
            status TEXT NOT NULL,
            payout TEXT NOT NULL,
            amount TEXT,
            currency TEXT,
            extra_parameters TEXT NOT NULL DEFAULT '[]',
            created_at DOUBLE PRECISION NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL,
            UNIQUE (campaign_id, dedup_key)
        )
        """,
        "CREATE INDEX conversions_by_click ON conversions (click_id)",
        "CREATE INDEX conversions_by_campaign_status ON conversions (campaign_id, status)",
        """
        CREATE TABLE postback_log (
            id BIGSERIAL PRIMARY KEY,
            received_at DOUBLE PRECISION NOT NULL,
            method TEXT NOT NULL,
            url TEXT NOT NULL,
            source TEXT NOT NULL,
            user_agent TEXT,
            result TEXT NOT NULL,
            reason TEXT,
            message TEXT NOT NULL,
            campaign_id TEXT,
            click_id TEXT,
            http_status BIGINT NOT NULL,
            conversion_id TEXT,
            warnings TEXT NOT NULL DEFAULT '[]'
        )
        """,
        "CREATE INDEX postback_log_by_campaign ON postback_log (campaign_id, id)",
        "CREATE INDEX postback_log_by_result ON postback_log (result, id)",
        "CREATE INDEX postback_log_by_reason ON postback_log (reason, id)",
        """
        CREATE TABLE campaign_counters (
            campaign_id TEXT NOT NULL,
            shard INTEGER NOT NULL,
            clicks BIGINT NOT NULL DEFAULT 0,
            conversions BIGINT NOT NULL DEFAULT 0,
            approved BIGINT NOT NULL DEFAULT 0,
            pending BIGINT NOT NULL DEFAULT 0,
            declined BIGINT NOT NULL DEFAULT 0,
            duplicates BIGINT NOT NULL DEFAULT 0,
            status_updates BIGINT NOT NULL DEFAULT 0,
            payout_total TEXT NOT NULL DEFAULT '0',
            PRIMARY KEY (campaign_id, shard)
        )
        """,
        """
        CREATE TABLE rejected_counters (
            campaign_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            shard INTEGER NOT NULL,
            n BIGINT NOT NULL,
            PRIMARY KEY (campaign_id, reason, shard)
        )
        """,
    ]

    /// Connects once, checks the server, and applies the migrations not applied yet, holding an
    /// advisory lock so that receivers starting together migrate once.
    static func migrate(_ url: PostgresStoreURL, logger: Logger) async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                on: PostgresClient.defaultEventLoopGroup.any(), configuration: try url.connectionConfiguration(), id: 0,
                logger: logger
            ).get()
        } catch {
            throw StoreError.unavailable("cannot connect to the PostgreSQL store \(url): \(describe(error))")
        }
        do {
            try await connection.query("SELECT pg_advisory_lock(\(migrationLock))", logger: logger)
            if let schema = url.schema {
                // The name was checked against [a-z_][a-z0-9_]* (it cannot be a bound parameter).
                try await connection.query(
                    PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
            }
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    identifier TEXT PRIMARY KEY NOT NULL,
                    applied_at DOUBLE PRECISION NOT NULL
                )
                """, logger: logger)
            var applied: Set<String> = []
            for try await identifier in try await connection.query(
                "SELECT identifier FROM schema_migrations", logger: logger
            ).decode(String.self) {
                applied.insert(identifier)
            }
            let known = Set(migrations.map(\.identifier))
            if !applied.isSubset(of: known) {
                throw StoreError.unavailable(
                    "cannot open the PostgreSQL store \(url): it was written by a newer version of postback-harness")
            }
            for migration in migrations where !applied.contains(migration.identifier) {
                try await connection.query("BEGIN", logger: logger)
                do {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    let now = Date().timeIntervalSince1970
                    try await connection.query(
                        "INSERT INTO schema_migrations (identifier, applied_at) VALUES (\(migration.identifier), \(now))",
                        logger: logger)
                    try await connection.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
            try await connection.query("SELECT pg_advisory_unlock(\(migrationLock))", logger: logger)
            try await connection.close()
        } catch let error as StoreError {
            try? await connection.close()
            throw error
        } catch {
            try? await connection.close()
            throw StoreError.unavailable("cannot migrate the PostgreSQL store \(url): \(describe(error))")
        }
    }

    /// The migrations applied to the store, oldest first (for tests and checks by hand).
    public func appliedMigrations() async throws -> [String] {
        try await read("reading the applied migrations") { connection, logger in
            var identifiers: [String] = []
            for try await identifier in try await connection.query(
                "SELECT identifier FROM schema_migrations ORDER BY applied_at, identifier", logger: logger
            ).decode(String.self) {
                identifiers.append(identifier)
            }
            return identifiers
        }
    }
}
