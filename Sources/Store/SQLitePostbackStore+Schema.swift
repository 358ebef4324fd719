import GRDB

extension SQLitePostbackStore {
    /// The schema's migrations, oldest first. A migration, once shipped, never changes: a new
    /// version of the schema is a new migration appended here.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: schemaV1)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: schemaV2)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: schemaV3)
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: schemaV4)
        }
        migrator.registerMigration("v5") { db in
            try db.execute(sql: schemaV5)
        }
        migrator.registerMigration("v6") { db in
            try schemaV6(db)
        }
        migrator.registerMigration("v7") { db in
            try db.execute(sql: schemaV7)
        }
        return migrator
    }

    /// Version 1 of the schema.
    ///
    /// - Dates are `REAL` seconds since 1970 (exact to the microsecond).
    /// - Money is `TEXT` holding a plain decimal (`"1.20"`), summed in Swift with `Decimal`.
    /// - A conversion's public id is `cv_<id>`.
    /// - `campaign_counters` and `rejected_counters` are maintained in the same transaction as
    ///   the rows they count, so that statistics are one primary-key lookup at any size.
    static let schemaV1 = """
        CREATE TABLE campaigns (
            id TEXT PRIMARY KEY NOT NULL,
            status TEXT NOT NULL,
            type TEXT NOT NULL,
            payout TEXT NOT NULL,
            events TEXT,
            token TEXT,
            conversion_window_days INTEGER NOT NULL,
            default_conversion_status TEXT NOT NULL,
            tracking_link TEXT,
            dedup TEXT NOT NULL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );

        CREATE TABLE clicks (
            id TEXT PRIMARY KEY NOT NULL,
            campaign_id TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE INDEX clicks_by_campaign ON clicks (campaign_id);

        CREATE TABLE conversions (
            id INTEGER PRIMARY KEY,
            campaign_id TEXT NOT NULL,
            click_id TEXT NOT NULL,
            event TEXT,
            txid TEXT,
            dedup_key TEXT,
            status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined')),
            payout TEXT NOT NULL,
            amount TEXT,
            currency TEXT,
            extra_parameters TEXT NOT NULL DEFAULT '[]',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            UNIQUE (campaign_id, dedup_key)
        );
        CREATE INDEX conversions_by_click ON conversions (click_id);
        CREATE INDEX conversions_by_campaign_status ON conversions (campaign_id, status);

        CREATE TABLE postback_log (
            id INTEGER PRIMARY KEY,
            received_at REAL NOT NULL,
            method TEXT NOT NULL,
            url TEXT NOT NULL,
            source TEXT NOT NULL,
            user_agent TEXT,
            result TEXT NOT NULL,
            reason TEXT,
            message TEXT NOT NULL,
            campaign_id TEXT,
            click_id TEXT,
            http_status INTEGER NOT NULL,
            conversion_id TEXT,
            warnings TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX postback_log_by_campaign ON postback_log (campaign_id, id);
        CREATE INDEX postback_log_by_result ON postback_log (result, id);
        CREATE INDEX postback_log_by_reason ON postback_log (reason, id);

        CREATE TABLE campaign_counters (
            campaign_id TEXT PRIMARY KEY NOT NULL,
            clicks INTEGER NOT NULL DEFAULT 0,
            conversions INTEGER NOT NULL DEFAULT 0,
            approved INTEGER NOT NULL DEFAULT 0,
            pending INTEGER NOT NULL DEFAULT 0,
            declined INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            status_updates INTEGER NOT NULL DEFAULT 0,
            payout_total TEXT NOT NULL DEFAULT '0'
        );

        CREATE TABLE rejected_counters (
            campaign_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (campaign_id, reason)
        ) WITHOUT ROWID;
        """

    /// Version 2: drops `conversions_by_click`, which no query reads and whose random keys (click
    /// ids) cost a page write per postback (docs/performance.md).
    static let schemaV2 = """
        DROP INDEX IF EXISTS conversions_by_click;
        """

    /// Version 3: the postback log keeps a request's body (a POST's form, where its parameters
    /// are), `NULL` when it had none.
    static let schemaV3 = """
        ALTER TABLE postback_log ADD COLUMN body TEXT;
        """

    /// Version 4: `conversions` without `UNIQUE (campaign_id, dedup_key)`. Rule 13's dedup
    /// decision comes from the store's in-memory ``DedupIndex`` (one writer process holds the
    /// file), so no B-tree of random keys is written per postback; the table is only appended to
    /// and updated by row id. Rows and their ids are kept.
    static let schemaV4 = """
        CREATE TABLE conversions_v4 (
            id INTEGER PRIMARY KEY,
            campaign_id TEXT NOT NULL,
            click_id TEXT NOT NULL,
            event TEXT,
            txid TEXT,
            dedup_key TEXT,
            status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined')),
            payout TEXT NOT NULL,
            amount TEXT,
            currency TEXT,
            extra_parameters TEXT NOT NULL DEFAULT '[]',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        INSERT INTO conversions_v4 SELECT id, campaign_id, click_id, event, txid, dedup_key, status, payout, amount,
            currency, extra_parameters, created_at, updated_at FROM conversions;
        DROP TABLE conversions;
        ALTER TABLE conversions_v4 RENAME TO conversions;
        CREATE INDEX conversions_by_campaign_status ON conversions (campaign_id, status);
        """

    /// Version 5: the postback log keeps each request's header fields (`Name: value` lines) and
    /// whether it came over TLS (1/0), `NULL` for lines logged before.
    static let schemaV5 = """
        ALTER TABLE postback_log ADD COLUMN headers TEXT;
        ALTER TABLE postback_log ADD COLUMN tls INTEGER;
        """

    /// Version 6: `conversions.status`'s CHECK as comparisons instead of `IN (…)`, for which
    /// SQLite built a temporary index on every insert. The constraint is the same, so the rows
    /// stay as they are and the table's definition is edited in place, as SQLite documents for
    /// a change that leaves the stored content valid (`writable_schema`, `schema_version` + 1).
    static func schemaV6(_ db: Database) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
        try db.execute(sql: "PRAGMA writable_schema = ON")
        try db.execute(
            sql: "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'conversions'",
            arguments: [statusCheckV4, statusCheckV6])
        try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
        try db.execute(sql: "PRAGMA writable_schema = OFF")
    }

    /// Version 7: fewer index pages written per postback. The postback log's indexes by result
    /// and by reason hold only the lines that were not accepted — accepted lines, nearly all of a
    /// busy log, are found by walking the log backwards — so an accepted postback writes no entry
    /// to them; a query uses them when it repeats their condition
    /// (``SQLitePostbackStore/logQuery(_:limit:)``). `conversions` has no index by campaign: the
    /// path of a postback reads conversions by row id only, and what reads a campaign's
    /// conversions (the dedup index at open, deleting a campaign, a recount) reads the table once.
    static let schemaV7 = """
        DROP INDEX conversions_by_campaign_status;
        DROP INDEX postback_log_by_result;
        DROP INDEX postback_log_by_reason;
        CREATE INDEX postback_log_by_result ON postback_log (result, id) WHERE \(notAccepted);
        CREATE INDEX postback_log_by_reason ON postback_log (reason, id) WHERE \(hasReason);
        """

    /// The condition of the v7 index by result, as a query repeats it to use the index.
    static let notAccepted = "result <> 'accepted'"
    /// The condition of the v7 index by reason, as a query repeats it to use the index.
    static let hasReason = "reason IS NOT NULL"

    static let statusCheckV4 = "CHECK (status IN ('pending', 'approved', 'declined'))"
    static let statusCheckV6 = "CHECK (status = 'pending' OR status = 'approved' OR status = 'declined')"
}
