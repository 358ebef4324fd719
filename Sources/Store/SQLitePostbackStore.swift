import Foundation
import GRDB
import PostbackCore

/// The embedded SQLite ``PostbackStore``, on GRDB.
///
/// A file path opens a `DatabasePool` (WAL journal, `synchronous = NORMAL`, a busy timeout, so
/// that a conversion survives a crash of the process once ``process(_:now:)`` returned); `nil`
/// opens a private in-memory database (for scenarios and tests). The schema is created and
/// upgraded by migrations on open.
///
/// Every postback is decided in one write transaction: the campaign and click lookups, rules
/// 4–12, the dedup decision of rule 13 from the in-memory ``DedupIndex`` (rebuilt from the
/// table on open; the file is locked to this process), the counters and the log line. The verdict is returned only after that transaction committed.
/// Postbacks arriving together share a transaction (``GroupCommit``): decided one after the
/// other, in order of arrival, committed together, each answered after that commit.
public final class SQLitePostbackStore: PostbackStore {
    /// The database file, or `nil` for an in-memory store.
    public let path: String?
    /// The rule chain run by ``process(_:now:)``.
    public let rules: PostbackRules
    let writer: any DatabaseWriter
    /// Decides concurrent postbacks together, one write transaction per batch.
    let groupCommit: GroupCommit
    /// Copies the WAL back into a database file off the write path; `nil` in memory.
    let checkpointer: WALCheckpointer?
    /// Rule 13's dedup keys, in memory.
    let dedup = DedupIndex()
    /// Holds the file for this process; `nil` in memory.
    private let fileLock: SQLiteFileLock?
    /// Counts the bytes committed to the WAL (zero in memory).
    let walMeter = WALMeter()

    /// Settings of every connection to a file, for the write path under load: a larger page
    /// cache (16 MiB: the indexes of `conversions` and `clicks` are hit at random); no automatic
    /// checkpoint by the committing connection (``WALCheckpointer`` checkpoints, and asks the
    /// writer to between two batches when the WAL has grown); the WAL file trimmed to 64 MiB
    /// when it starts afresh. Durability is unchanged: WAL with `synchronous = NORMAL`.
    static let filePragmas = """
        PRAGMA cache_size = -16384;
        PRAGMA wal_autocheckpoint = 0;
        PRAGMA journal_size_limit = 67108864;
        """

    /// Largest number of log lines one ``postbacks(_:)`` call returns.
    public static let maxLogLimit = PostbackLogFilter.maxLimit

    /// How long a write waits for a lock held by another connection (another process on the
    /// same file) before failing.
    public static let busyTimeout: TimeInterval = 10

    /// Opens (creating it if needed) the store at `path`, or an in-memory store when `path` is
    /// `nil` (or `":memory:"`), and migrates its schema to the current version.
    ///
    /// - Throws: ``StoreError`` `.unavailable` naming the path and SQLite's message when the path
    ///   is empty, another process has the file open, or the file cannot be opened, is not a
    ///   database, or cannot be migrated.
    public convenience init(path: String?, rules: PostbackRules = PostbackRules()) throws {
        try self.init(path: path, rules: rules, walRestartFrames: WALCheckpointer.defaultRestartFrames)
    }

    /// ``init(path:rules:)`` with the WAL's bound in frames (tests use a small one).
    init(path: String?, rules: PostbackRules, walRestartFrames: Int) throws {
        let path = path == ":memory:" ? nil : path
        if path?.isEmpty == true {
            throw StoreError.unavailable("cannot open the SQLite store: the database path is empty")
        }
        self.path = path
        self.rules = rules
        var configuration = Configuration()
        configuration.label = "PostbackStore"
        configuration.busyMode = .timeout(Self.busyTimeout)
        let place = path.map { "'\($0)'" } ?? "in memory"
        let writer: any DatabaseWriter
        do {
            if let path {
                try Self.createIfNew(path)
                configuration.journalMode = .wal
                let meter = walMeter
                configuration.prepareDatabase { db in
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                    try db.execute(sql: Self.filePragmas)
                    if !db.configuration.readonly { try meter.install(on: db) }
                }
                writer = try DatabasePool(path: path, configuration: configuration)
            } else {
                writer = try DatabaseQueue(configuration: configuration)
            }
            self.writer = writer
            // Locked before the schema is touched: a file another process holds is left as it is.
            fileLock = try path.map(SQLiteFileLock.init(path:))
            let restart = WALCheckpointer.RestartRequest()
            self.groupCommit = GroupCommit(
                transaction: { batch in
                    try Self.writeNow(on: writer, "recording postbacks", batch)
                },
                betweenBatches: {
                    // The WAL has grown past its bound under continuous writes: checkpoint it here,
                    // between two transactions, so that the next one starts the WAL afresh.
                    guard restart.take() else { return }
                    try? writer.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
                })
            let migrator = Self.migrator
            if try writer.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError.unavailable(
                    "cannot open the SQLite store \(place): it was written by a newer version of postback-harness")
            }
            try migrator.migrate(writer)
            checkpointer = try path.map {
                try WALCheckpointer(path: $0, restart: restart, restartFrames: walRestartFrames)
            }
            let dedup = self.dedup
            try writer.read { try dedup.rebuild($0) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable("cannot open the SQLite store \(place): \(Self.describe(error))")
        }
    }

    public var activity: StoreActivity? {
        StoreActivity(
            walBytesWritten: walMeter.bytesWritten, dedupEntries: dedup.count,
            transactions: groupCommit.transactionCount)
    }

    /// The page size of a new database file. Every commit writes its dirty pages whole to the
    /// WAL, and the pages a postback touches are the tails of append-only tables and indexes,
    /// shared by the postbacks of a commit: smaller pages mean fewer bytes per commit.
    static let newFilePageSize = 1024

    /// Creates the database file at `path` with ``newFilePageSize`` and the WAL journal when
    /// nothing is there yet (an empty file counts as nothing); leaves an existing one alone.
    private static func createIfNew(_ path: String) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard size == nil || size == 0 else { return }
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = \(newFilePageSize); PRAGMA journal_mode = WAL")
        }
        try queue.close()
    }

    // MARK: - Campaigns

    public func putCampaign(_ campaign: Campaign) async throws {
        let events = try StoredValue.encodeEvents(campaign.events)
        let now = Date().timeIntervalSince1970
        try await write("saving campaign '\(campaign.id)'") { db in
            try db.execute(
                sql: """
                    INSERT INTO campaigns (\(StoredColumns.campaignInsert))
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET \(StoredColumns.campaignReplace)
                    """,
                arguments: [
                    campaign.id, campaign.status.rawValue, campaign.type.rawValue,
                    StoredValue.text(campaign.payout.value),
                    events, campaign.token, campaign.conversionWindowDays,
                    campaign.defaultConversionStatus.rawValue, campaign.trackingLink, campaign.dedup.rawValue,
                    now, now,
                ])
            try db.execute(
                sql: "INSERT INTO campaign_counters (campaign_id) VALUES (?) ON CONFLICT (campaign_id) DO NOTHING",
                arguments: [campaign.id])
        }
    }

    public func campaign(id: String) async throws -> Campaign? {
        try await read("reading campaign '\(id)'") { db in
            try Self.fetchCampaign(id: id, db)
        }
    }

    public func campaigns() async throws -> [Campaign] {
        try await read("listing campaigns") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT \(StoredColumns.campaign) FROM campaigns ORDER BY id")
            return try rows.map(Self.campaign(from:))
        }
    }

    /// Deletes the campaign and everything of it; reads every conversion once (`conversions` has
    /// no index by campaign, see the schema's version 7).
    public func deleteCampaign(id: String) async throws -> Bool {
        try await write("deleting campaign '\(id)'") { db in
            try db.execute(sql: "DELETE FROM campaigns WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else { return false }
            let keys = try Row.fetchAll(
                db, sql: "SELECT id, dedup_key FROM conversions WHERE campaign_id = ? AND dedup_key IS NOT NULL",
                arguments: [id]
            ).map { row in (DedupIndex.hash(campaignID: id, dedupKey: row[1]), row[0] as Int64) }
            db.afterNextTransaction { [dedup = self.dedup] _ in dedup.remove(keys) }
            for table in ["clicks", "conversions", "postback_log", "campaign_counters", "rejected_counters"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE campaign_id = ?", arguments: [id])
            }
            return true
        }
    }

    // MARK: - Clicks

    public func addClicks(_ clicks: [Click]) async throws {
        guard !clicks.isEmpty else { return }
        try await write("recording \(clicks.count) click(s)") { db in
            var counts: [String: Int] = [:]
            var order: [String] = []
            for click in clicks where counts[click.campaignID] == nil {
                guard try Self.campaignExists(click.campaignID, db) else {
                    throw StoreError.unknownCampaign(click.campaignID)
                }
                counts[click.campaignID] = 0
                order.append(click.campaignID)
            }
            let insert = try db.cachedStatement(
                sql: "INSERT INTO clicks (id, campaign_id, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")
            for click in clicks {
                var binding = SQLiteBinding(insert, db)
                binding.bind(.text(click.id))
                binding.bind(.text(click.campaignID))
                binding.bind(.real(click.createdAt.timeIntervalSince1970))
                try binding.execute()
                guard db.changesCount == 1 else { throw StoreError.duplicateClick(click.id) }
                counts[click.campaignID, default: 0] += 1
            }
            let counters = TransactionCounters()
            for campaignID in order {
                counters.add(.clicks(Int64(counts[campaignID] ?? 0)), campaignID: campaignID)
            }
            try counters.flush(db)
        }
    }

    public func click(id: String) async throws -> Click? {
        try await read("reading click '\(id)'") { db in
            try Self.fetchClick(id: id, db)
        }
    }

    // MARK: - Database access

    /// Runs `body` in one write transaction, committed before this returns. A ``StoreError``
    /// thrown by `body` rolls the transaction back and is rethrown as is; any other failure
    /// becomes ``StoreError`` `.unavailable` saying what was being done.
    func write<T: Sendable>(_ action: @autoclosure () -> String, _ body: @Sendable (Database) throws -> T)
        async throws -> T
    {
        try await Self.write(on: writer, action(), body)
    }

    /// ``write(_:_:)`` on a given writer (for ``GroupCommit``, made before the store is).
    static func write<T: Sendable>(
        on writer: any DatabaseWriter, _ action: @autoclosure () -> String, _ body: @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw Self.storeError(error, while: action())
        }
    }

    /// ``write(on:_:_:)`` that blocks the calling thread (``GroupCommit``'s own queue) instead
    /// of suspending.
    static func writeNow<T>(
        on writer: any DatabaseWriter, _ action: @autoclosure () -> String, _ body: (Database) throws -> T
    )
        throws -> T
    {
        do {
            return try writer.write(body)
        } catch {
            throw Self.storeError(error, while: action())
        }
    }

    /// Runs `body` on a consistent snapshot of committed data.
    func read<T: Sendable>(_ action: @autoclosure () -> String, _ body: @Sendable (Database) throws -> T)
        async throws -> T
    {
        do {
            return try await writer.read(body)
        } catch {
            throw Self.storeError(error, while: action())
        }
    }

    /// `error` as the store reports it: a ``StoreError`` or a cancellation as is, anything else
    /// ``StoreError`` `.unavailable` saying what was being done (`action`).
    static func storeError(_ error: any Error, while action: String) -> any Error {
        if error is StoreError || error is CancellationError { return error }
        return StoreError.unavailable("SQLite store failed while \(action): \(describe(error))")
    }

    /// SQLite's own message for a database error (with the result code), else the error's text.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "\(error.message ?? "SQLite error") (\(error.extendedResultCode))"
        }
        return "\(error)"
    }
}
