import GRDB
import GRDBSQLite
import Synchronization

/// Counts what a SQLite store's writing connections commit to the write-ahead log: frames
/// (pages plus their 24-byte headers), from SQLite's WAL hook after each commit. Served as
/// `postback_harness_store_wal_bytes_total` by `/metrics`, so that a benchmark can divide it by
/// the postbacks it sent. Safe from any thread.
final class WALMeter: Sendable {
    private struct State {
        /// Frames in the WAL after the last commit.
        var frames: Int32 = 0
        var bytes: Int64 = 0
        /// The database's page size (read when the hook is installed).
        var pageSize: Int64 = 4096
    }

    private let state = Mutex(State())

    /// Bytes committed to the WAL since the store opened.
    var bytesWritten: Int64 { state.withLock { $0.bytes } }

    /// Installs the WAL hook on the store's writing connection (one per store). The hook
    /// replaces SQLite's automatic checkpoint, which the store turns off anyway
    /// (``WALCheckpointer`` checkpoints). The hook keeps the meter alive for the process's life.
    ///
    /// - Throws: GRDB's error when the page size cannot be read.
    func install(on db: Database) throws {
        let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
        state.withLock { $0.pageSize = pageSize }
        let context = Unmanaged.passRetained(self).toOpaque()
        sqlite3_wal_hook(
            db.sqliteConnection,
            { context, _, _, frames in
                guard let context else { return SQLITE_OK }
                Unmanaged<WALMeter>.fromOpaque(context).takeUnretainedValue().committed(frames: frames)
                return SQLITE_OK
            }, context)
    }

    private func committed(frames: Int32) {
        state.withLock { state in
            // Fewer frames than last time: the WAL was started afresh and holds only this commit's.
            let added = frames >= state.frames ? frames - state.frames : frames
            state.frames = frames
            state.bytes += Int64(added) * (state.pageSize + Self.frameHeaderBytes)
        }
    }

    /// The header SQLite writes before each page in the WAL.
    static let frameHeaderBytes: Int64 = 24
}
