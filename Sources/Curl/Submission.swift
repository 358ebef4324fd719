import Synchronization

/// One call of ``CurlClient/send(_:)``: the request and the continuation waiting for it.
///
/// Whoever finishes first resumes the continuation: the ``TransferLoop`` with the response or
/// the error, or the task's cancellation handler with `CancellationError`. The other finds
/// nothing left to resume.
final class Submission: Sendable {
    typealias Continuation = CheckedContinuation<CurlResponse, any Error>

    private enum State {
        case created
        case waiting(Continuation)
        case cancelled
        case finished
    }

    let request: CurlRequest
    private let state = Mutex(State.created)

    init(request: CurlRequest) {
        self.request = request
    }

    /// Stores the continuation. Returns `false`, after resuming it with `CancellationError`,
    /// when the task was cancelled already.
    func install(_ continuation: Continuation) -> Bool {
        let installed = state.withLock { state in
            guard case .created = state else { return false }
            state = .waiting(continuation)
            return true
        }
        if !installed {
            continuation.resume(throwing: CancellationError())
        }
        return installed
    }

    /// Resumes the waiting task with `CancellationError`. Returns `true` when the request was
    /// handed to the client and its transfer must be removed.
    func cancel() -> Bool {
        let continuation: Continuation? = state.withLock { state in
            switch state {
            case .created:
                state = .cancelled
                return nil
            case .waiting(let continuation):
                state = .cancelled
                return continuation
            case .cancelled, .finished:
                return nil
            }
        }
        continuation?.resume(throwing: CancellationError())
        return continuation != nil
    }

    /// Whether the task gave up on this request.
    var isCancelled: Bool {
        state.withLock { state in
            if case .cancelled = state { return true }
            return false
        }
    }

    /// Resumes the waiting task with the outcome, unless it was cancelled.
    func finish(_ outcome: Result<CurlResponse, CurlError>) {
        let continuation: Continuation? = state.withLock { state in
            guard case .waiting(let continuation) = state else { return nil }
            state = .finished
            return continuation
        }
        continuation?.resume(with: outcome.mapError { $0 as any Error })
    }
}
