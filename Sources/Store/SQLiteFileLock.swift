import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive `flock` on a SQLite store's file, held while the store is open, so that one
/// process at a time writes it: the in-memory ``DedupIndex`` is the truth only when no other
/// process inserts conversions. The kernel releases it when the process ends (a crash or a
/// SIGKILL included). `flock` locks are separate from the POSIX locks SQLite itself takes.
final class SQLiteFileLock: Sendable {
    private let descriptor: Int32

    /// Opens (creating it if needed) `path` and locks it, or fails at once.
    ///
    /// - Throws: ``StoreError`` `.unavailable` naming the path: when another process holds the
    ///   store, or the file cannot be opened.
    init(path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError.unavailable(
                "cannot open the SQLite store '\(path)': \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw StoreError.unavailable(
                busy
                    ? "cannot open the SQLite store '\(path)': another process has it open (one process at a time "
                        + "writes a SQLite store; stop the other one, or use PostgreSQL with --database for several "
                        + "receivers)"
                    : "cannot lock the SQLite store '\(path)': \(reason)")
        }
        self.descriptor = descriptor
    }

    /// Releases the lock.
    deinit {
        close(descriptor)
    }
}
