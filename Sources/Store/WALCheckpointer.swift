import Foundation
import GRDB
import Synchronization

/// Checkpoints a WAL database from a thread and a connection of its own, so that the writer
/// never stops to copy the log back into the database file (with its `fdatasync`): under load
/// that copy, made by whichever commit crossed the threshold, held every postback of the next
/// batches for tens of milliseconds.
///
/// Every ``interval`` it runs `PRAGMA wal_checkpoint(PASSIVE)`, which copies what no reader
/// still needs without taking the write lock. Durability does not depend on it: a commit is in
/// the WAL before its answer, whether or not it was copied back yet. The writer keeps a high
/// `wal_autocheckpoint` as a safety net should this thread fall behind.
final class WALCheckpointer: Sendable {
    static let interval: Duration = .milliseconds(100)

    /// Set to end the thread.
    private final class Flag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private let stopped = Flag()

    /// Starts checkpointing the database at `path`; stops when ``stop()`` is called.
    init(path: String) throws {
        var configuration = Configuration()
        configuration.label = "PostbackStore.checkpointer"
        configuration.busyMode = .timeout(1)
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let handoff = Mutex<DatabaseQueue?>(connection)
        let thread = Thread { [stopped] in
            guard let connection = handoff.withLock({ $0.take() }) else { return }
            let pause = UInt32(Self.interval.components.attoseconds / 1_000_000_000_000)
            while !stopped.raised.load(ordering: .relaxed) {
                usleep(pause)
                // A busy or failed checkpoint is tried again at the next turn.
                try? connection.writeWithoutTransaction { db in
                    _ = try db.checkpoint(.passive)
                }
            }
        }
        thread.name = "wal-checkpoint"
        thread.start()
    }

    deinit {
        stop()
    }

    /// Ends the thread after its current turn.
    func stop() {
        stopped.raised.store(true, ordering: .relaxed)
    }
}
