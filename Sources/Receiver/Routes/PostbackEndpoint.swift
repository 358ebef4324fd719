import Foundation
import Logging
import NIOHTTP1
import PostbackCore
import Store
import Synchronization

/// What the receiver answers to a request on `/postback/advertiser` (DESIGN §3): the store's
/// verdict, with any injected fault (``ReceiverFaults``) applied. The one place that decides a
/// postback's answer; ``PostbackChannelHandler`` reads requests and writes these answers for
/// every listener (`serve`, the runner's embedded receiver, `check --simulate`).
///
/// Every request goes to the postback log: those the rule chain judges through the store's
/// `process`, the others (a body over the limit, a store failure) through the
/// ``PostbackLogWriter``. Callbacks run on any thread; nothing here starts a task.
struct PostbackEndpoint: Sendable {
    static let path = "/postback/advertiser"

    /// A decided answer: the verdict, the headers it needs, and what the faults add.
    struct Answer: Sendable {
        var verdict: Verdict
        /// Headers besides `Content-Type`, `Content-Length` and `Date`, in order.
        var headers: [(name: String, value: String)] = []
        /// How long to hold the answer (an injected slow answer).
        var delay: Duration = .zero
        /// Reset the connection instead of answering (an injected receiver that is down).
        var resetConnection = false
        /// Close the connection after the answer.
        var close = false

        init(_ verdict: Verdict) {
            self.verdict = verdict
            switch verdict.httpStatus {
            case 405: headers.append(("Allow", "GET, POST"))
            case 413: close = true
            case 503 where verdict.result == .unavailable:
                headers.append(("Retry-After", String(PostbackEndpoint.retryAfterSeconds)))
            default: break
            }
            if close { headers.insert(("Connection", "close"), at: 0) }
        }
    }

    /// Seconds a tracker is asked to wait before sending again after a `503 unavailable`.
    static let retryAfterSeconds = 5

    /// How long the store has to decide a postback before it is answered `503 unavailable`
    /// (DESIGN §3: within a few seconds, before a tracker's own timeout).
    static let storeTimeout = Duration.seconds(5)

    /// Counts the postbacks answered here, over every receiver in the process, by the
    /// `campaign_id` they name, so that a test can tell that a run went through this path;
    /// only while ``counting`` is on (tests turn it on), so that the hot path pays one load.
    static let answeredByCampaign = Mutex<[String: Int]>([:])
    static let counting = Atomic<Bool>(false)
    /// Most campaigns ``answeredByCampaign`` keeps; later ones are not counted.
    static let countedCampaigns = 10_000

    /// Counts one answer to `postback` in ``answeredByCampaign``.
    private func countAnswer(_ postback: PostbackRequest) {
        guard Self.counting.load(ordering: .relaxed), let campaignID = rules.identifiers(of: postback).campaignID else {
            return
        }
        Self.answeredByCampaign.withLock { counts in
            if counts[campaignID] != nil || counts.count < Self.countedCampaigns { counts[campaignID, default: 0] += 1 }
        }
    }

    let store: any PostbackStore
    let clock: @Sendable () -> Date
    let metrics: ReceiverMetrics
    /// The rule chain whose limits the reading side applies (the body limit of rule 1).
    let rules = PostbackRules()
    let logWriter: PostbackLogWriter
    /// Injected faults; `nil` when the receiver was started without them.
    var faults: ReceiverFaults?

    /// Decides `postback` (its body read whole): `completion` is called once, on any thread,
    /// with the answer after the commit, after a failure was logged, or at once for a fault
    /// that answers without recording.
    func answer(
        _ postback: PostbackRequest, logger: Logger, completion: @escaping @Sendable (Answer) -> Void
    ) {
        let start = ContinuousClock.now
        let metrics = self.metrics
        let finish: @Sendable (Answer) -> Void = { [self] answer in
            countAnswer(postback)
            metrics.recordPostback(
                result: answer.verdict.result, reason: answer.verdict.reason, duration: start.duration(to: .now))
            completion(answer)
        }
        let plan = faultPlan(for: postback)
        if plan.resetConnection {
            var reset = Answer(Self.resetVerdict)
            reset.resetConnection = true
            let answer = reset
            log(answer.verdict, postback, logger: logger) { finish(answer) }
            return
        }
        if let status = plan.refuseStatus {
            let verdict = Verdict(
                result: .unavailable, reason: nil,
                message: "the receiver is unavailable (a fault the scenario injected); send it again later",
                httpStatus: status)
            log(verdict, postback, logger: logger) { finish(Answer(verdict)) }
            return
        }
        let now = postback.receivedAt.addingTimeInterval(plan.clockShift.seconds)
        store.process(postback, now: now) { result in
            switch result {
            case .success(var verdict):
                if let status = plan.failStatus {
                    verdict = Verdict(
                        result: .unavailable, reason: nil,
                        message: "the postback was processed, but the answer failed (a fault the scenario injected)",
                        httpStatus: status)
                }
                var answer = Answer(verdict)
                answer.delay = plan.delay
                finish(answer)
            case .failure(let error):
                // Answered at once: the log line may wait on the same store that just failed.
                let verdict = Self.notRecorded(error, logger: logger)
                log(verdict, postback, logger: logger) {}
                finish(Answer(verdict))
            }
        }
    }

    /// Answers `postback` whose body is over rule 1's limit (`bodyBytes` read before the
    /// reading stopped) without reading the rest: 413, logged, and the connection closed.
    func refuseBodyTooLarge(
        _ postback: PostbackRequest, bodyBytes: Int, logger: Logger,
        completion: @escaping @Sendable (Answer) -> Void
    ) {
        refuse(postback, Verdict(rules.bodyTooLarge(bytes: bodyBytes, complete: false)), logger: logger) { answer in
            var answer = answer
            answer.close = true
            completion(answer)
        }
    }

    /// Why a request is refused before it could be read as one: the HTTP parser refused it, or
    /// an HTTP/1.1 request without exactly one `Host` (RFC 9112 §3.2).
    enum Unreadable: Sendable {
        case parser(HTTPParserError)
        case host(count: Int)
    }

    /// Answers a request that could not be read as one (`why`): rule 1's verdict (431 for a
    /// head over the limit, else 400), logged, and the connection closed.
    func refuseUnreadable(
        _ postback: PostbackRequest, _ why: Unreadable, logger: Logger,
        completion: @escaping @Sendable (Answer) -> Void
    ) {
        let verdict: Verdict
        switch why {
        case .parser(.headerOverflow):
            verdict = Verdict(
                result: .rejected, reason: .malformedRequest,
                message:
                    "the request head is over \(ReceiverListener.maxRequestHeadBytes / 1024) KiB: a tracker sends a "
                    + "few hundred bytes — check what the sending system adds (cookies, a pasted header)",
                httpStatus: 431)
        case .parser(let error):
            verdict = Verdict(
                result: .rejected, reason: .malformedRequest,
                message: "the request is not valid HTTP/1.1 (\(error)): check the request line for spaces or "
                    + "control characters in the URL — a URL must be percent-encoded",
                httpStatus: 400)
        case .host(let count):
            verdict = Verdict(
                result: .rejected, reason: .malformedRequest,
                message: "an HTTP/1.1 request needs exactly one Host header (RFC 9112 §3.2), this one has \(count)",
                httpStatus: 400)
        }
        refuse(postback, verdict, logger: logger) { answer in
            var answer = answer
            answer.close = true
            if answer.headers.first?.name != "Connection" { answer.headers.insert(("Connection", "close"), at: 0) }
            completion(answer)
        }
    }

    /// Logs `verdict` for a request the rule chain did not judge, counts it, then completes.
    private func refuse(
        _ postback: PostbackRequest, _ verdict: Verdict, logger: Logger,
        completion: @escaping @Sendable (Answer) -> Void
    ) {
        let start = ContinuousClock.now
        let metrics = self.metrics
        log(verdict, postback, logger: logger) { [self] in
            countAnswer(postback)
            metrics.recordPostback(result: verdict.result, reason: verdict.reason, duration: start.duration(to: .now))
            completion(Answer(verdict))
        }
    }

    /// The `503 unavailable` of a postback that the store did not decide within
    /// ``storeTimeout``, counted and logged (without waiting for the log line).
    func storeTimedOut(_ postback: PostbackRequest, logger: Logger) -> Answer {
        let verdict = Verdict.storeUnavailable("the store did not answer within \(Self.storeTimeout)")
        logger.error("postback not decided in time", metadata: ["timeout": "\(Self.storeTimeout)"])
        log(verdict, postback, logger: logger) {}
        countAnswer(postback)
        metrics.recordPostback(result: verdict.result, reason: verdict.reason, duration: Self.storeTimeout)
        return Answer(verdict)
    }

    /// What the armed faults do to `postback`.
    private func faultPlan(for postback: PostbackRequest) -> FaultPlan {
        guard let faults, faults.hasRules else { return FaultPlan() }
        let key = postback.target + "\n" + String(decoding: postback.body, as: UTF8.self)
        // A POST's campaign_id is in its form body: the whole request is read, as rule 2 reads it.
        let campaignID: String?
        switch rules.parse(postback) {
        case .success(let parsed): campaignID = parsed.campaignID
        case .failure(let rejection): campaignID = rejection.campaignID ?? rules.identifiers(of: postback).campaignID
        }
        let actions = faults.actions(forPostback: key, campaignID: campaignID)
        var plan = FaultPlan()
        for action in actions {
            switch action {
            case .resetConnection: plan.resetConnection = true
            case .refuse(let status): plan.refuseStatus = plan.refuseStatus ?? status
            case .delayAnswer(let duration): plan.delay += duration
            case .failAfterRecording(let status): plan.failStatus = plan.failStatus ?? status
            case .shiftClock(let duration): plan.clockShift += duration
            }
        }
        return plan
    }

    private struct FaultPlan {
        var resetConnection = false
        var refuseStatus: Int?
        var failStatus: Int?
        var delay = Duration.zero
        var clockShift = Duration.zero
    }

    /// The log line of a postback whose connection an injected fault reset (no answer is sent).
    static let resetVerdict = Verdict(
        result: .unavailable, reason: nil,
        message: "the connection was reset without an answer (a fault the scenario injected)", httpStatus: 0)

    /// The `503 unavailable` answered when the store could not record a postback, so that a
    /// tracker that retries on 5xx sends it again later; the failure goes to the receiver's log.
    static func notRecorded(_ error: any Error, logger: Logger) -> Verdict {
        logger.error("postback not recorded", metadata: ["error": "\(String(describing: error).logSafe)"])
        return Verdict.storeUnavailable(String(describing: error).logSafe)
    }

    /// Writes `verdict` to the postback log through the log writer, then calls `completion`.
    private func log(
        _ verdict: Verdict, _ postback: PostbackRequest, logger: Logger, completion: @escaping @Sendable () -> Void
    ) {
        logWriter.append(verdict, request: postback, logger: logger, completion: completion)
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
