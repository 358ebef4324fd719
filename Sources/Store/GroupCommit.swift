import GRDB
import PostbackCore
import Synchronization

/// Group commit for ``SQLitePostbackStore/process(_:now:)``: the postbacks that arrive while a
/// write transaction runs are decided together, in order of arrival, in the next one.
///
/// Each postback still runs its whole rule chain against everything committed or decided
/// before it in the same transaction (so two identical postbacks in one batch are `accepted`
/// then `duplicate`), and each caller gets its verdict only after the transaction holding its
/// postback committed. When any postback of a batch throws, the whole transaction is rolled
/// back and every postback of the batch is decided again alone, in its own transaction, so
/// that only the failing one fails. One transaction holds at most ``maxBatch`` postbacks.
final class GroupCommit: Sendable {
    /// One postback's work in the transaction: its rule chain, writes and verdict; its counter
    /// changes go to the transaction's ``TransactionCounters``, written once before the commit.
    typealias Work = @Sendable (Database, TransactionCounters) throws -> Verdict

    /// The most postbacks one transaction decides.
    static let maxBatch = 256

    private struct Item: Sendable {
        let work: Work
        let continuation: CheckedContinuation<Verdict, any Error>
    }

    private struct State {
        var pending: [Item] = []
        /// Whether a task is committing batches; it takes whatever arrives meanwhile.
        var isDraining = false
        var transactions = 0
    }

    private let state = Mutex(State())
    /// Runs one write transaction (the store's `write`, which names what failed).
    private let transaction:
        @Sendable (_ batch: @escaping @Sendable (Database) throws -> [Verdict]) async throws -> [Verdict]

    init(
        transaction:
            @escaping @Sendable (_ batch: @escaping @Sendable (Database) throws -> [Verdict]) async throws -> [Verdict]
    ) {
        self.transaction = transaction
    }

    /// How many batch transactions were started (for tests and measurements).
    var transactionCount: Int { state.withLock { $0.transactions } }

    /// Queues `work` for the next transaction and returns its verdict once that committed.
    func submit(_ work: @escaping Work) async throws -> Verdict {
        try await withCheckedThrowingContinuation { continuation in
            let startsDraining = state.withLock { state in
                state.pending.append(Item(work: work, continuation: continuation))
                guard !state.isDraining else { return false }
                state.isDraining = true
                return true
            }
            if startsDraining {
                Task { await self.drain() }
            }
        }
    }

    /// Commits batches until nothing is pending.
    private func drain() async {
        while true {
            let batch: [Item] = state.withLock { state in
                guard !state.pending.isEmpty else {
                    state.isDraining = false
                    return []
                }
                state.transactions += 1
                let count = min(state.pending.count, Self.maxBatch)
                let batch = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                return batch
            }
            guard !batch.isEmpty else { return }
            await commit(batch)
        }
    }

    private func commit(_ batch: [Item]) async {
        let works = batch.map(\.work)
        do {
            let verdicts = try await transaction { db in
                let counters = TransactionCounters()
                let verdicts = try works.map { try $0(db, counters) }
                try counters.flush(db)
                return verdicts
            }
            for (item, verdict) in zip(batch, verdicts) {
                item.continuation.resume(returning: verdict)
            }
        } catch {
            guard batch.count > 1 else {
                batch[0].continuation.resume(throwing: error)
                return
            }
            for item in batch {
                let work = item.work
                do {
                    let verdicts = try await transaction { db in
                        let counters = TransactionCounters()
                        let verdict = try work(db, counters)
                        try counters.flush(db)
                        return [verdict]
                    }
                    item.continuation.resume(returning: verdicts[0])
                } catch {
                    item.continuation.resume(throwing: error)
                }
            }
        }
    }
}
