import Dispatch
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
///
/// The batches are committed on a serial dispatch queue of their own, synchronously, and each
/// caller is told through a completion closure called on that queue: no task, no hop through
/// Swift's cooperative pool between the postback's arrival and its answer. ``submit(_:)`` wraps
/// it for `async` callers.
final class GroupCommit: Sendable {
    /// One postback's work in the transaction: its rule chain, writes and verdict; its counter
    /// changes go to the transaction's ``TransactionCounters``, written once before the commit.
    typealias Work = @Sendable (Database, TransactionCounters) throws -> Verdict
    /// Told the verdict of one postback, or why it could not be recorded, once, after the commit.
    typealias Completion = @Sendable (Result<Verdict, any Error>) -> Void
    /// Runs one write transaction synchronously (the store's `write`, which names what failed).
    typealias Transaction = @Sendable (_ batch: (Database) throws -> [Verdict]) throws -> [Verdict]

    /// The most postbacks one transaction decides.
    static let maxBatch = 256

    private struct Item: Sendable {
        let work: Work
        let completion: Completion
    }

    private struct State {
        var pending: [Item] = []
        /// Whether the queue is committing batches; it takes whatever arrives meanwhile.
        var isDraining = false
        var transactions = 0
    }

    private let state = Mutex(State())
    private let transaction: Transaction
    private let queue = DispatchQueue(label: "postback-harness.group-commit", qos: .userInitiated)

    /// Runs on the group commit's queue after each batch, outside any transaction (the store's
    /// WAL checkpoint when one is due).
    private let betweenBatches: @Sendable () -> Void

    init(transaction: @escaping Transaction, betweenBatches: @escaping @Sendable () -> Void = {}) {
        self.transaction = transaction
        self.betweenBatches = betweenBatches
    }

    /// How many batch transactions were started (for tests and measurements).
    var transactionCount: Int { state.withLock { $0.transactions } }

    /// Queues `work` for the next transaction and returns its verdict once that committed.
    func submit(_ work: @escaping Work) async throws -> Verdict {
        try await withCheckedThrowingContinuation { continuation in
            submit(work) { continuation.resume(with: $0) }
        }
    }

    /// Queues `work` for the next transaction; `completion` is called once that committed (or
    /// failed), on the group commit's queue.
    func submit(_ work: @escaping Work, completion: @escaping Completion) {
        let startsDraining = state.withLock { state in
            state.pending.append(Item(work: work, completion: completion))
            guard !state.isDraining else { return false }
            state.isDraining = true
            return true
        }
        if startsDraining {
            queue.async { self.drain() }
        }
    }

    /// Commits batches until nothing is pending.
    private func drain() {
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
            commit(batch)
            betweenBatches()
        }
    }

    private func commit(_ batch: [Item]) {
        let verdicts: [Verdict]
        do {
            verdicts = try transaction { db in
                let counters = TransactionCounters()
                let verdicts = try batch.map { try $0.work(db, counters) }
                try counters.flush(db)
                return verdicts
            }
        } catch {
            guard batch.count > 1 else {
                batch[0].completion(.failure(error))
                return
            }
            for item in batch {
                item.completion(
                    Result {
                        try transaction { db in
                            let counters = TransactionCounters()
                            let verdict = try item.work(db, counters)
                            try counters.flush(db)
                            return [verdict]
                        }[0]
                    })
            }
            return
        }
        for (item, verdict) in zip(batch, verdicts) {
            item.completion(.success(verdict))
        }
    }
}
