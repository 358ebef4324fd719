import Foundation
import Synchronization

/// An HTTP client over libcurl: many requests in flight on one multi handle, driven by a
/// thread of its own, each `send` awaiting its own response.
///
/// ```swift
/// let response = try await CurlClient.withClient { client in
///     try await client.send(CurlRequest(url: "http://127.0.0.1:8080/postback?click_id=abc"))
/// }
/// ```
///
/// - Connections: at most `maxConnections` open at once (`CURLMOPT_MAX_TOTAL_CONNECTIONS`;
///   further requests wait in libcurl's queue, their timeouts running) and as many kept open for
///   reuse (`CURLMOPT_MAXCONNECTS`). Requests to the same host reuse kept connections unless
///   ``CurlRequest/freshConnection`` is set.
/// - Cancelling the task of a `send` removes its transfer at once (its connection is closed)
///   and `send` throws `CancellationError`. Every other failure is a ``CurlError``.
/// - The URL goes on the wire exactly as given (`CURLOPT_PATH_AS_IS`, no re-encoding; only
///   `http` and `https`). What libcurl 7.88.1 does with unusual URLs, checked against a real
///   server:
///   - sent byte for byte: `{`, `}`, `|`, `"`, `<`, `>`, `^`, `` ` ``, `%7B`, a bad escape such as
///     `%ZZ`, raw UTF-8 such as `é`, and dot segments (`/a/../b` stays `/a/../b`);
///   - dropped: a `#fragment` is never sent, as in every HTTP client;
///   - refused: a raw space, a tab, a control character or DEL in the path or the query, a URL
///     without a scheme, a port over 65535, a NUL byte. The ``CurlError`` has
///     ``CurlError/isMalformedURL`` set and curl's message with its URL parser's reason, e.g.
///     `URL using bad/illegal format or missing URL: Bad query` (or `Bad path`). Send such a
///     value percent-encoded (`%20`) if the server is to see it at all.
///   - Note: raw non-ASCII bytes do go out, but NIOHTTP1's parser (so Hummingbird) answers them
///     with 400 before any route sees them.
/// - A ``CurlRequest/connectTo`` entry that is not `HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT`
///   is refused (libcurl would skip it and resolve the real host).
/// - TLS verification is never switched off: give ``CurlRequest/caFile`` to trust a test CA,
///   and ``CurlRequest/connectTo`` to reach a local server under a real host name.
///
/// Shut the client down with ``shutdown()`` (or use ``withClient(maxConnections:_:)``); a client
/// that is released without it stops its thread on its own, without waiting.
public final class CurlClient: Sendable {
    private let inbox: TransferInbox

    /// Starts a client with its multi handle and its thread.
    /// - Parameter maxConnections: how many connections may be open at once, at least 1.
    /// - Throws: ``CurlError`` when libcurl cannot be initialised or `maxConnections` is below 1.
    public init(maxConnections: Int = 64) throws {
        try CurlGlobal.initialize()
        guard maxConnections >= 1 else {
            throw CurlError.badArgument(
                "maxConnections must be at least 1, got \(maxConnections)", operation: "creating a curl client",
                url: "")
        }
        let multi = try MultiHandle(maxConnections: maxConnections)
        let inbox = TransferInbox(waker: MultiWaker(multi))
        let handoff = Mutex<TransferLoop?>(TransferLoop(multi: multi, inbox: inbox))
        let thread = Thread {
            let loop = handoff.withLock { $0.take() }
            loop?.run()
        }
        thread.name = "curl-multi"
        thread.start()
        self.inbox = inbox
    }

    deinit {
        inbox.requestStop()
    }

    /// Sends a request and waits for the response, whatever its status code.
    /// - Throws: ``CurlError`` when no response came (refused, timed out, TLS failure, malformed
    ///   URL, client shut down, ...); `CancellationError` when the task was cancelled.
    public func send(_ request: CurlRequest) async throws -> CurlResponse {
        let submission = Submission(request: request)
        let inbox = self.inbox
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Submission.Continuation) in
                guard submission.install(continuation) else { return }
                if !inbox.submit(submission) {
                    submission.finish(
                        .failure(CurlError.shutDown(operation: "sending \(request.method)", url: request.url)))
                }
            }
        } onCancel: {
            if submission.cancel() {
                inbox.cancel(submission)
            }
        }
    }

    /// Sends `count` requests, `inflight` at a time, as a load generator does: `request(i)` makes
    /// request `i` (0 ..< `count`, in order) when a place is free, and `response(i, outcome)`
    /// gets its outcome, whatever the status code. Both are called on the client's own thread,
    /// so they must be quick and must not block; no task or continuation is made per request,
    /// which makes this the fastest way to send many requests (`postback-bench send` uses it).
    ///
    /// Returns when every request was answered. Each request gets exactly one `response` call:
    /// a response or a ``CurlError`` (also when the client shuts down meanwhile). When the task
    /// is cancelled, running requests are dropped, no new one starts, and this throws
    /// `CancellationError`; the requests not answered get no `response` call.
    public func send(
        count: Int, inflight: Int, request: @escaping @Sendable (Int) -> CurlRequest,
        response: @escaping @Sendable (Int, Result<CurlResponse, CurlError>) -> Void
    ) async throws {
        guard count > 0 else { return }
        guard inflight >= 1 else {
            throw CurlError.badArgument(
                "inflight must be at least 1, got \(inflight)", operation: "sending \(count) requests", url: "")
        }
        let feed = Feed(count: count, inflight: inflight, makeRequest: request, handleResponse: response)
        let inbox = self.inbox
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                feed.install(continuation)
                if !inbox.submit(feed) {
                    for index in 0..<count {
                        let made = request(index)
                        response(
                            index, .failure(CurlError.shutDown(operation: "sending \(made.method)", url: made.url)))
                    }
                    feed.finish()
                }
            }
        } onCancel: {
            feed.cancel()
            inbox.cancelFeed()
        }
        try Task.checkCancellation()
    }

    /// Stops the client: requests still running fail with ``CurlError/isShutdown`` set, the
    /// connections are closed, the thread ends. Calling it again returns at once.
    public func shutdown() async {
        await inbox.stop()
    }
}
