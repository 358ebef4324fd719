import Foundation
import GRDB
import Synchronization

/// Checkpoints a WAL database from a thread and a connection of its own, so that the writer
/// rarely stops to copy the log back into the database file, and keeps the WAL bounded under
/// continuous writes.
///
/// Every ``interval`` it runs a passive checkpoint (no write lock). A passive checkpoint alone
/// never lets the WAL start again from its beginning while the writer keeps appending, so when
/// the WAL holds more than `restartFrames` frames, this thread flushes it to disk, copies what
/// came meanwhile until little is left, flushes the database file, and asks the writer
/// (``RestartRequest``) to checkpoint between two of its transactions; the writer's next
/// transaction then starts the WAL afresh.
/// The writer's `wal_autocheckpoint` is off and `journal_size_limit` trims the file at a restart.
/// Why and what it costs: docs/performance.md.
///
/// Durability does not depend on it: a commit is in the WAL before its answer, whether or not
/// it was copied back yet.
final class WALCheckpointer: Sendable {
    static let interval: Duration = .milliseconds(100)
    /// WAL frames past which the writer is asked to checkpoint: 16 MiB with the 1 KiB pages of a
    /// new file (64 MiB with the 4 KiB pages of a file made before schema v4).
    static let defaultRestartFrames = 16384
    /// Frames not copied back yet below which the writer is asked at once.
    static let leftForTheWriter = 512

    /// Set to end the thread.
    private final class Flag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private let stopped = Flag()
    /// Signalled once when the thread has ended.
    private let ended = DispatchSemaphore(value: 0)

    /// Starts checkpointing the database at `path`; stops when ``stop()`` is called.
    init(path: String, restart: RestartRequest, restartFrames: Int = defaultRestartFrames) throws {
        var configuration = Configuration()
        configuration.label = "PostbackStore.checkpointer"
        configuration.busyMode = .timeout(1)
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let handoff = Mutex<DatabaseQueue?>(connection)
        let walPath = path + "-wal"
        let thread = Thread { [stopped, ended] in
            defer { ended.signal() }
            guard let connection = handoff.withLock({ $0.take() }) else { return }
            let pause = UInt32(Self.interval.components.attoseconds / 1_000_000_000_000)
            while !stopped.raised.load(ordering: .relaxed) {
                usleep(pause)
                // A busy or failed checkpoint is tried again at the next turn.
                try? connection.writeWithoutTransaction { db in
                    var (frames, copied) = try db.checkpoint(.passive)
                    guard frames >= restartFrames else { return }
                    // Flush the WAL's new frames to disk here, off the write path, then copy again
                    // what came meanwhile (shorter each time), so that the writer, asked next,
                    // has only the last few frames to sync and copy itself.
                    Self.flush(walPath)
                    var passes = 0
                    repeat {
                        (frames, copied) = try db.checkpoint(.passive)
                        passes += 1
                    } while frames - copied > Self.leftForTheWriter && passes < 4
                    // A passive checkpoint that did not catch up leaves the pages it copied unsynced
                    // in the database file; sync them here, or the writer's checkpoint would.
                    Self.flush(path)
                    restart.request()
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

    /// `fdatasync` of the file at `path` (through a descriptor of its own), if it can be opened.
    static func flush(_ path: String) {
        let fd = open(path, O_WRONLY)
        guard fd >= 0 else { return }
        _ = fdatasync(fd)
        close(fd)
    }

    /// Ends the thread after its current turn.
    func stop() {
        stopped.raised.store(true, ordering: .relaxed)
    }

    /// Ends the thread and waits (at most 2 s) until it has, so that no checkpoint of its own
    /// runs any more (a truncating checkpoint fails while another one runs). Blocks.
    func stopAndWait() {
        stop()
        if ended.wait(timeout: .now() + 2) == .success {
            ended.signal()  // for a later call
        }
    }
}
