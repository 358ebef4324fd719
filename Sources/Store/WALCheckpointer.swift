import Foundation
import GRDB
import Synchronization

/// Checkpoints a WAL database from a thread and a connection of its own, so that the writer
/// rarely stops to copy the log back into the database file (with its `fdatasync`), and keeps
/// the WAL bounded under continuous writes.
///
/// Every ``interval`` it runs `PRAGMA wal_checkpoint(PASSIVE)`, which copies what no reader
/// still needs without taking the write lock. Under continuous writes that alone never lets the
/// WAL start again from its beginning (SQLite restarts it only when a write transaction begins
/// with every frame copied back, and the writer keeps appending while this thread copies), so
/// the WAL grew without bound: 2.7 GB in 10 s of the receiver benchmark, and with the writer's
/// own `wal_autocheckpoint` it then checkpointed after every commit. So when the WAL holds more
/// than `restartFrames` frames, this thread asks the writer (``RestartRequest``) to checkpoint
/// between two of its transactions: what is left to copy is what came since this thread's last
/// turn, and the next transaction starts the WAL afresh. The writer's `wal_autocheckpoint` is
/// off and `journal_size_limit` trims the file at a restart.
///
/// Durability does not depend on it: a commit is in the WAL before its answer, whether or not
/// it was copied back yet.
final class WALCheckpointer: Sendable {
    static let interval: Duration = .milliseconds(100)
    /// WAL frames (pages, 4 KiB) past which the writer is asked to checkpoint: 32 MiB.
    static let defaultRestartFrames = 8192

    /// Set to end the thread.
    private final class Flag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private let stopped = Flag()

    /// Starts checkpointing the database at `path`; stops when ``stop()`` is called.
    init(path: String, restart: RestartRequest, restartFrames: Int = defaultRestartFrames) throws {
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
                    let (frames, _) = try db.checkpoint(.passive)
                    if frames >= restartFrames { restart.request() }
                }
            }
        }
        thread.name = "wal-checkpoint"
        thread.start()
    }

    deinit {
        stop()
    }

    /// Set by the checkpointer when the WAL has grown past ``defaultRestartFrames``; taken by the
    /// writer, which checkpoints between two transactions.
    final class RestartRequest: Sendable {
        private let wanted = Atomic<Bool>(false)

        func request() { wanted.store(true, ordering: .relaxed) }

        /// Whether a restart was requested since the last call.
        func take() -> Bool {
            wanted.load(ordering: .relaxed) && wanted.exchange(false, ordering: .relaxed)
        }
    }

    /// Ends the thread after its current turn.
    func stop() {
        stopped.raised.store(true, ordering: .relaxed)
    }
}
