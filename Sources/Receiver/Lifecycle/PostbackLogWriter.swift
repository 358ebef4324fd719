import Logging
import PostbackCore
import ServiceLifecycle
import Store

/// Writes the postback-log lines of requests that the rule chain did not judge (a body over the
/// limit, a store failure, an injected fault) as a `Service` of the receiver's group: the
/// channel handlers hand lines over without waiting, one child task writes them in order, and
/// at a graceful shutdown — after the listeners stopped — it writes what is queued before it
/// returns, so that no line is lost to a shutdown.
final class PostbackLogWriter: Service, Sendable {
    private struct Line: Sendable {
        var verdict: Verdict
        var request: PostbackRequest
        var logger: Logger
        var completion: @Sendable () -> Void
    }

    /// Most lines queued before new ones are dropped (reported in the receiver's log): a bound
    /// on the memory that a flood of refused requests can take while the store is slow.
    static let capacity = 65_536

    private let store: any PostbackStore
    private let stream: AsyncStream<Line>
    private let continuation: AsyncStream<Line>.Continuation

    init(store: any PostbackStore) {
        self.store = store
        (stream, continuation) = AsyncStream.makeStream(of: Line.self, bufferingPolicy: .bufferingOldest(Self.capacity))
    }

    /// Queues the log line of `verdict` for `request`; `completion` is called once, on any
    /// thread, when it was written (or could not be: the failure goes to `logger`).
    func append(
        _ verdict: Verdict, request: PostbackRequest, logger: Logger, completion: @escaping @Sendable () -> Void
    ) {
        let line = Line(verdict: verdict, request: request, logger: logger, completion: completion)
        switch continuation.yield(line) {
        case .enqueued: break
        case .dropped, .terminated:
            logger.error(
                "postback log line not written: the log writer is full or stopped",
                metadata: ["status": "\(verdict.httpStatus)"])
            completion()
        @unknown default:
            completion()
        }
    }

    func run() async {
        await withGracefulShutdownHandler {
            for await line in stream {
                do {
                    try await store.recordRejection(line.verdict, request: line.request)
                } catch {
                    line.logger.error(
                        "postback log line not written",
                        metadata: [
                            "error": "\(String(describing: error).logSafe)", "status": "\(line.verdict.httpStatus)",
                        ])
                }
                line.completion()
            }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
    }
}
