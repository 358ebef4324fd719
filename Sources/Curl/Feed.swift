import Synchronization

/// One call of ``CurlClient/send(count:inflight:request:response:)``: requests made and answers
/// handled on the ``TransferLoop``'s thread, up to `inflight` at once, with no task or
/// continuation per request.
///
/// Its counters are touched only by the loop's thread; the cancellation flag and the
/// continuation cross threads under their own synchronisation.
final class Feed: @unchecked Sendable {
    typealias MakeRequest = @Sendable (Int) -> CurlRequest
    typealias HandleResponse = @Sendable (Int, Result<CurlResponse, CurlError>) -> Void

    let count: Int
    let inflight: Int
    let makeRequest: MakeRequest
    let handleResponse: HandleResponse
    /// The next index to send (loop thread only).
    var next = 0
    /// Requests of this feed in the multi handle (loop thread only).
    var outstanding = 0
    private let cancelled = Atomic<Bool>(false)
    private let continuation = Mutex<CheckedContinuation<Void, Never>?>(nil)

    init(count: Int, inflight: Int, makeRequest: @escaping MakeRequest, handleResponse: @escaping HandleResponse) {
        self.count = count
        self.inflight = inflight
        self.makeRequest = makeRequest
        self.handleResponse = handleResponse
    }

    /// Whether every request was sent and answered (loop thread only).
    var isDone: Bool { (next >= count || isCancelled) && outstanding == 0 }

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Marks the feed cancelled: no new request starts, running ones are removed by the loop.
    func cancel() { cancelled.store(true, ordering: .relaxed) }

    func install(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    /// Resumes the waiting task (once).
    func finish() {
        continuation.withLock { $0.take() }?.resume()
    }
}
