import GRDB

extension SQLitePostbackStore {
    /// Copies the WAL into the database file and truncates it to zero bytes, for a clean
    /// shutdown: `serve` calls it once the receiver has stopped, so that the database file alone
    /// holds everything. The background checkpointer is stopped first. Nothing to do in memory.
    ///
    /// - Throws: ``StoreError`` `.unavailable` when SQLite cannot checkpoint (a reader of another
    ///   process holding the WAL past the busy timeout).
    public func checkpointAndTruncate() throws {
        guard path != nil else { return }
        checkpointer?.stopAndWait()
        do {
            try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            throw StoreError.unavailable("cannot checkpoint the SQLite store: \(error)")
        }
    }
}
