import Foundation
import Hummingbird
import Logging
import PostbackCore
import Store

/// `GET|POST /postback/advertiser`: hands the request, exactly as received, to the store's rule
/// chain and answers with the verdict (DESIGN §3).
///
/// The request target is passed untouched (percent-encoding included) so that the rules see
/// what the tracker sent. Any other method gets 405, a body over ``maxBodyBytes`` gets 413,
/// both in the verdict's JSON shape. Every request goes to the postback log (DESIGN §3): the
/// answers given before the rule chain (405, 413, an unreadable body, 503 when the store failed)
/// through ``PostbackStore/recordRejection(_:request:)``.
struct PostbackEndpoint: Sendable {
    static let path = "/postback/advertiser"
    /// Largest postback body collected; a form postback is a few hundred bytes.
    static let maxBodyBytes = 64 * 1024

    let store: any PostbackStore
    let clock: @Sendable () -> Date
    let metrics: ReceiverMetrics
    /// Injected faults (scenarios only); `nil` keeps them off the path entirely.
    var faults: ReceiverFaults? = nil

    func respond(to request: Request, context: ReceiverRequestContext) async -> Response {
        let start = ContinuousClock.now
        let (verdict, headers) = await decide(request, context: context)
        let response = Self.answer(verdict, headers: headers)
        metrics.recordPostback(result: verdict.result, reason: verdict.reason, duration: start.duration(to: .now))
        return response
    }

    /// The verdict on one request, and any header its answer needs.
    private func decide(_ request: Request, context: ReceiverRequestContext) async -> (Verdict, HTTPFields) {
        let receivedAt = clock()
        guard request.method == .get || request.method == .post else {
            return await refuse(
                request, context: context, receivedAt: receivedAt,
                Verdict(
                    result: .rejected, reason: .malformedRequest,
                    message:
                        "method \(request.method) is not allowed on \(Self.path); send GET, or POST with a form body",
                    httpStatus: 405),
                headers: [.allow: "GET, POST"])
        }
        var bytes: [UInt8] = []
        do {
            let body = try await request.body.collect(upTo: Self.maxBodyBytes)
            bytes = Array(body.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return await refuse(
                request, context: context, receivedAt: receivedAt, Self.bodyTooLarge, headers: [.connection: "close"])
        } catch {
            return await refuse(
                request, context: context, receivedAt: receivedAt,
                Verdict(
                    result: .rejected, reason: .malformedRequest,
                    message: "the postback body could not be read: \(error)", httpStatus: 400),
                headers: [.connection: "close"])
        }
        let postback = PostbackRequest(
            method: request.method.rawValue,
            target: request.head.path ?? "",
            contentType: request.headers[.contentType],
            body: bytes,
            source: context.remoteAddress,
            userAgent: request.headers[.userAgent],
            receivedAt: receivedAt,
            headerBytes: Self.headerBytes(request.headers)
        )
        if let faults {
            let key = postback.target + "\n" + String(decoding: postback.body, as: UTF8.self)
            let actions = faults.actions(forPostback: key)
            if !actions.isEmpty { return (await verdict(postback, applying: actions, context: context), [:]) }
        }
        do {
            return (try await store.process(postback, now: postback.receivedAt), [:])
        } catch {
            let verdict = Self.notRecorded(error, logger: context.logger)
            await log(verdict, postback, logger: context.logger)
            return (verdict, [:])
        }
    }

    /// Decides `postback` (a GET, or a POST whose body was collected) without a task, for
    /// ``PostbackChannelHandler``: `completion` is called once, on any thread, with the verdict
    /// after the commit, or with the 503 of a store failure once that was logged. Faults are
    /// not applied here; a receiver with faults answers every postback through ``respond(to:context:)``.
    func decide(_ postback: PostbackRequest, logger: Logger, completion: @escaping @Sendable (Verdict) -> Void) {
        store.process(postback, now: postback.receivedAt) { result in
            switch result {
            case .success(let verdict):
                completion(verdict)
            case .failure(let error):
                let verdict = Self.notRecorded(error, logger: logger)
                Task {
                    await log(verdict, postback, logger: logger)
                    completion(verdict)
                }
            }
        }
    }

    /// Logs `verdict` for a request answered before the rule chain ran, then calls `completion`.
    func refuse(
        _ postback: PostbackRequest, _ verdict: Verdict, logger: Logger, completion: @escaping @Sendable () -> Void
    ) {
        Task {
            await log(verdict, postback, logger: logger)
            completion()
        }
    }

    /// The size of header fields as they came: `name: value` and CRLF each (rule 1's limit).
    static func headerBytes(_ fields: HTTPFields) -> Int {
        fields.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
    }

    /// The answer to a postback body over ``maxBodyBytes`` (the connection is closed after it).
    static let bodyTooLarge = Verdict(
        result: .rejected, reason: .malformedRequest,
        message: "the postback body is larger than \(maxBodyBytes) bytes; send the parameters in the URL",
        httpStatus: 413)

    /// The 503 answered when the store could not record a postback (so that a tracker that
    /// retries on 5xx sends it again later); the failure goes to the receiver's log.
    static func notRecorded(_ error: any Error, logger: Logger) -> Verdict {
        logger.error("postback not recorded", metadata: ["error": "\(String(describing: error).logSafe)"])
        return Verdict(
            result: .rejected, reason: nil,
            message:
                "the receiver could not record the postback (\(String(describing: error).logSafe)); send it again later",
            httpStatus: 503)
    }

    /// Logs a request answered before the rule chain ran; the verdict and headers to answer with.
    private func refuse(
        _ request: Request, context: ReceiverRequestContext, receivedAt: Date, _ verdict: Verdict,
        headers: HTTPFields = [:]
    ) async -> (Verdict, HTTPFields) {
        let postback = PostbackRequest(
            method: request.method.rawValue, target: request.head.path ?? "",
            contentType: request.headers[.contentType],
            body: [], source: context.remoteAddress, userAgent: request.headers[.userAgent], receivedAt: receivedAt)
        await log(verdict, postback, logger: context.logger)
        return (verdict, headers)
    }

    /// Writes `verdict` to the postback log; a store that cannot is reported in the receiver's log.
    private func log(_ verdict: Verdict, _ postback: PostbackRequest, logger: Logger) async {
        do {
            try await store.recordRejection(verdict, request: postback)
        } catch {
            logger.error(
                "postback log line not written",
                metadata: ["error": "\(String(describing: error).logSafe)", "status": "\(verdict.httpStatus)"])
        }
    }

    static func answer(_ verdict: Verdict, headers: HTTPFields = [:]) -> Response {
        ReceiverJSON.verdictResponse(verdict, headers: headers)
    }

    /// Answers `postback` with injected faults: a refusal answers at once without recording;
    /// otherwise the postback is recorded, then the answer is held and/or replaced.
    private func verdict(
        _ postback: PostbackRequest, applying actions: [ReceiverFaults.Rule.Action], context: ReceiverRequestContext
    ) async -> Verdict {
        var delay = Duration.zero
        var failure: Int?
        for action in actions {
            switch action {
            case .refuse(let status):
                return Verdict(
                    result: .rejected, reason: nil,
                    message: "the receiver is unavailable (a fault the scenario injected); send it again later",
                    httpStatus: status)
            case .delayAnswer(let duration): delay += duration
            case .failAfterRecording(let status): failure = failure ?? status
            }
        }
        var verdict: Verdict
        do {
            verdict = try await store.process(postback, now: postback.receivedAt)
        } catch {
            verdict = Self.notRecorded(error, logger: context.logger)
        }
        if delay > .zero { try? await Task.sleep(for: delay) }
        if let failure {
            verdict = Verdict(
                result: .rejected, reason: nil,
                message: "the postback was processed, but the answer failed (a fault the scenario injected)",
                httpStatus: failure)
        }
        return verdict
    }
}
