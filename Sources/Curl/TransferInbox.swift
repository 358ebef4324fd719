import Synchronization

/// The hand-over point between the tasks calling ``CurlClient/send(_:)`` and the thread of the
/// ``TransferLoop``: new requests, cancellations and the request to stop, behind one lock.
/// Whoever puts work in wakes the loop with `curl_multi_wakeup` (once until the loop takes it).
final class TransferInbox: Sendable {
    /// What the loop takes at each turn.
    struct Batch {
        var submissions: [Submission] = []
        var cancellations: [Submission] = []
        var feeds: [Feed] = []
        /// Set when a feed was cancelled: the loop looks at its feeds' flags.
        var feedCancelled = false
        var isStopping = false
    }

    private enum Phase {
        case running
        case stopping
        case stopped
    }

    private struct State {
        var phase = Phase.running
        var batch = Batch()
        /// The multi handle to wake; `nil` once the loop has closed it.
        var waker: MultiWaker?
        var wakeIsPending = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []

        mutating func wake() {
            guard !wakeIsPending, let waker else { return }
            wakeIsPending = true
            waker.wake()
        }
    }

    private let state: Mutex<State>

    /// An inbox that wakes the loop's multi handle through `waker`.
    init(waker: MultiWaker) {
        state = Mutex(State(waker: waker))
    }

    /// Queues a request; `false` when the client is stopping or stopped.
    func submit(_ submission: Submission) -> Bool {
        state.withLock { state in
            guard case .running = state.phase else { return false }
            state.batch.submissions.append(submission)
            state.wake()
            return true
        }
    }

    /// Queues a feed; `false` when the client is stopping or stopped.
    func submit(_ feed: Feed) -> Bool {
        state.withLock { state in
            guard case .running = state.phase else { return false }
            state.batch.feeds.append(feed)
            state.wake()
            return true
        }
    }

    /// Tells the loop that a feed was cancelled.
    func cancelFeed() {
        state.withLock { state in
            guard case .running = state.phase else { return }
            state.batch.feedCancelled = true
            state.wake()
        }
    }

    /// Asks the loop to remove a cancelled request's transfer.
    func cancel(_ submission: Submission) {
        state.withLock { state in
            guard case .running = state.phase else { return }
            state.batch.cancellations.append(submission)
            state.wake()
        }
    }

    /// Asks the loop to stop; returns at once.
    func requestStop() {
        state.withLock { state in
            guard case .running = state.phase else { return }
            state.phase = .stopping
            state.batch.isStopping = true
            state.wake()
        }
    }

    /// Asks the loop to stop and waits until it has, connections closed.
    func stop() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let stopped = state.withLock { state in
                switch state.phase {
                case .stopped:
                    return true
                case .running:
                    state.phase = .stopping
                    state.batch.isStopping = true
                    state.wake()
                case .stopping:
                    break
                }
                state.stopWaiters.append(continuation)
                return false
            }
            if stopped {
                continuation.resume()
            }
        }
    }

    /// Takes what was queued since the last turn (called by the loop).
    func take() -> Batch {
        state.withLock { state in
            state.wakeIsPending = false
            let batch = state.batch
            state.batch = Batch(isStopping: state.batch.isStopping)
            return batch
        }
    }

    /// Marks the inbox stopped and forgets the multi handle, before the loop frees it. Returns
    /// the requests and feeds that came in meanwhile and the tasks waiting for the stop.
    func close() -> (submissions: [Submission], feeds: [Feed], stopWaiters: [CheckedContinuation<Void, Never>]) {
        state.withLock { state in
            state.phase = .stopped
            state.waker = nil
            let leftover = (state.batch.submissions, state.batch.feeds, state.stopWaiters)
            state.batch = Batch(isStopping: true)
            state.stopWaiters = []
            return leftover
        }
    }
}
