import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import PostbackCore
import Store

/// Every request on `/postback/advertiser`, whatever its method, answered on the channel
/// below Hummingbird's request and response machinery: the request's parts are collected here,
/// ``PostbackEndpoint`` decides the answer (the store's group commit, faults applied), and the
/// answer is written back as finished bytes. This is the receiver's only postback path: every
/// listener installs it.
///
/// Every other request passes through untouched to Hummingbird. Answers leave in the order the
/// requests came, as HTTP/1.1 requires of a pipelining client: while a postback is being
/// decided, later requests on the connection are held here, and a postback's answer waits for
/// the answers of the requests passed on before it. A body over rule 1's limit gets the 413 as
/// soon as it is seen and the connection is closed. Runs on the channel's event loop.
final class PostbackChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Most request parts held behind a postback being decided before the connection is closed
    /// (a client pipelining without reading its answers).
    static let maxHeldParts = 1024

    private enum Reading {
        case idle
        /// A request passed on to Hummingbird.
        case passing
        /// A postback whose body is being collected.
        case collecting(Collected)
        /// The rest of a postback whose body was too large; it was answered already.
        case discarding
    }

    private struct Collected {
        var head: HTTPRequest
        var body: ByteBuffer
        var receivedAt: Date
        var start: ContinuousClock.Instant
        var connection: Persistence
    }

    /// What a request says of its connection (RFC 9112 §9.3): HTTP/1.1 stays open unless it
    /// asks for `close`; HTTP/1.0 closes unless it asks for `keep-alive`, and is told which.
    struct Persistence: Sendable {
        var isHTTP10: Bool
        var keepAlive: Bool

        /// The `Connection` header the answer carries: HTTP/1.0 only.
        var answerHeader: String? { isHTTP10 ? (keepAlive ? "keep-alive" : "close") : nil }
    }

    static let host = HTTPField.Name("Host")!

    /// The persistence `head` asks for.
    static func persistence(_ head: HTTPRequest, isHTTP10: Bool) -> Persistence {
        let tokens = head.headerFields[values: .connection].flatMap { $0.lowercased().split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if isHTTP10 { return Persistence(isHTTP10: true, keepAlive: tokens.contains("keep-alive")) }
        return Persistence(isHTTP10: false, keepAlive: !tokens.contains("close"))
    }

    private let endpoint: PostbackEndpoint
    private let logger: Logger
    private var reading = Reading.idle
    /// A postback of this handler's was read and is not answered yet.
    private var postbackPending = false
    /// Its answer, once decided, while requests passed on before it are still being answered.
    private var ready: (answer: PostbackEndpoint.Answer, close: Bool)?
    /// Requests passed on to Hummingbird whose answer has not been written completely.
    private var passedOutstanding = 0
    /// What each of those asked of the connection, oldest first.
    private var passedConnections: [Persistence] = []
    /// Request parts that arrived while a postback was pending, in order.
    private var held: [HTTPRequestPart] = []
    /// A quiesce (graceful shutdown) that arrived while a postback was pending.
    private var heldQuiesce: Any?
    private var isRemoved = false
    /// Close the connection once the request being discarded has been read to its end.
    private var closeWhenRead = false
    /// The postback the store is deciding, since when, and what its client asked of the
    /// connection; `nil` once answered.
    private var deciding: (postback: PostbackRequest, start: NIODeadline, connection: Persistence)?
    private var decisionNumber = 0
    private var decisionTimer: Scheduled<Void>?
    /// The context of NIO's response encoder: what is written there skips the HTTP encoders
    /// (the answer is written as finished bytes).
    private var responseEncoder: ChannelHandlerContext?
    /// The connection's timeouts, told of an answer written past them.
    private var timeouts: RequestTimeoutHandler?
    private var source: String?
    /// Whether this connection is the https listener's.
    private let isTLS: Bool
    private var date = HTTPDateCache()
    /// The raw request lines before the HTTP parser, for logging a request it refuses.
    private var requestLines: RequestLineGuard?
    /// A request the HTTP parser refused: being logged (`nil` answer) or answered once the
    /// requests before it are; the connection closes after it.
    private var unparsable: PostbackEndpoint.Answer??

    init(endpoint: PostbackEndpoint, isTLS: Bool, logger: Logger) {
        self.isTLS = isTLS
        self.endpoint = endpoint
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        responseEncoder = try? context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self)
        timeouts = try? context.pipeline.syncOperations.handler(type: RequestTimeoutHandler.self)
        requestLines = try? context.pipeline.syncOperations.handler(type: RequestLineGuard.self)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        isRemoved = true
        decisionTimer?.cancel()
        decisionTimer = nil
        responseEncoder = nil
        timeouts = nil
        requestLines = nil
    }

    /// A request the HTTP parser refused (a bad request line, a head over the limit): answered
    /// with rule 1's JSON verdict after the answers of the requests before it — a postback
    /// decided before it keeps its own verdict — logged, and the connection closed. Other
    /// errors go on to Hummingbird.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Once refused, the rest the client sends is dropped here (the decoder reports it as
        // data received in its error state) until the linger ends.
        guard unparsable == nil else { return }
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        refuseUnreadable(.parser(parserError), context)
    }

    /// Stops reading the connection and answers `why` once the requests before are answered.
    private func refuseUnreadable(_ why: PostbackEndpoint.Unreadable, _ context: ChannelHandlerContext) {
        guard unparsable == nil else { return }
        unparsable = .some(nil)
        if source == nil { source = context.channel.remoteAddress?.ipAddress ?? "" }
        var postback = PostbackRequest.unparsable(
            requestLine: requestLines?.requestLine ?? [], source: source ?? "", receivedAt: endpoint.clock())
        postback.isTLS = isTLS
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        endpoint.refuseUnreadable(postback, why, logger: logger) { answer in
            bound.eventLoop.execute {
                let (handler, context) = bound.value
                handler.unparsable = .some(answer)
                handler.answerUnparsableIfDue(context)
            }
        }
    }

    /// Writes the answer to a refused request once every request before it is answered.
    private func answerUnparsableIfDue(_ context: ChannelHandlerContext) {
        guard case .some(.some(let answer)) = unparsable, !isRemoved, !postbackPending, passedOutstanding == 0,
            held.isEmpty
        else { return }
        unparsable = .some(nil)
        responseEncoder?.writeAndFlush(
            NIOAny(IOData.byteBuffer(answerBytes(answer, allocator: context.channel.allocator))), promise: nil)
        // Half-close: the client may still be sending what the parser refused (a head over the
        // limit); closing the reading side too would reset the connection before it reads the
        // answer. The connection closes fully when the client does, or after a short linger.
        let channel = context.channel
        context.close(mode: .output, promise: nil)
        context.eventLoop.scheduleTask(in: Self.lingerTime) { channel.close(promise: nil) }
    }

    /// How long a connection answered after a parser refusal is kept readable for its client.
    static let lingerTime = TimeAmount.seconds(2)

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if postbackPending, !isReadingPostback {
            hold(part, context)
            return
        }
        handle(part, context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, postbackPending {
            heldQuiesce = event
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        if case .head(var response) = part, let value = passedConnections.first?.answerHeader {
            response.headerFields[.connection] = value
            context.write(wrapOutboundOut(.head(response)), promise: promise)
            return
        }
        context.write(data, promise: promise)
        if case .end = part, passedOutstanding > 0 {
            let connection = passedConnections.isEmpty ? nil : passedConnections.removeFirst()
            if let connection, !connection.keepAlive {
                context.flush()
                context.close(promise: nil)
            }
            passedOutstanding -= 1
            if passedOutstanding == 0 {
                writeReadyAnswer(context)
                answerUnparsableIfDue(context)
            }
        }
    }

    // MARK: - Reading

    private func handle(_ part: HTTPRequestPart, _ context: ChannelHandlerContext) {
        // After a request that could not be read, nothing more is: the connection closes.
        guard unparsable == nil else { return }
        switch (part, reading) {
        case (.head(let head), _):
            let connection = Self.persistence(head, isHTTP10: requestLines?.takeIsHTTP10() ?? false)
            if !connection.isHTTP10 {
                let hosts = (head.authority == nil ? 0 : 1) + head.headerFields[values: Self.host].count
                if hosts != 1 {
                    reading = .discarding
                    refuseUnreadable(.host(count: hosts), context)
                    return
                }
            }
            if ReceiverResponder.isPostbackPath(head.path) {
                reading = .collecting(
                    Collected(
                        head: head, body: ByteBuffer(), receivedAt: endpoint.clock(), start: .now,
                        connection: connection))
                postbackPending = true
            } else {
                reading = .passing
                passedOutstanding += 1
                passedConnections.append(connection)
                context.fireChannelRead(wrapInboundOut(part))
            }
        case (.body(let bytes), .collecting(var collected)):
            reading = .idle
            if collected.body.readableBytes + bytes.readableBytes > endpoint.rules.maxBodyBytes {
                reading = .discarding
                refuseBodyTooLarge(collected, context)
                return
            }
            collected.body.writeImmutableBuffer(bytes)
            reading = .collecting(collected)
        case (.end, .collecting(let collected)):
            reading = .idle
            decide(collected, context)
        case (.end, .discarding):
            reading = .idle
            if closeWhenRead { context.close(promise: nil) }
        case (_, .discarding):
            break
        case (.end, .passing):
            reading = .idle
            context.fireChannelRead(wrapInboundOut(part))
        default:
            context.fireChannelRead(wrapInboundOut(part))
        }
    }

    /// Whether the parts being read belong to a postback of this handler's.
    private var isReadingPostback: Bool {
        switch reading {
        case .collecting, .discarding: true
        case .idle, .passing: false
        }
    }

    private func hold(_ part: HTTPRequestPart, _ context: ChannelHandlerContext) {
        guard held.count < Self.maxHeldParts else {
            held.removeAll()
            context.close(promise: nil)
            return
        }
        held.append(part)
    }

    // MARK: - Deciding

    private func postbackRequest(_ collected: Collected, _ context: ChannelHandlerContext, body: [UInt8])
        -> PostbackRequest
    {
        if source == nil { source = context.channel.remoteAddress?.ipAddress ?? "" }
        let head = collected.head
        return PostbackRequest(
            method: head.method.rawValue, target: head.path ?? "", contentType: head.headerFields[.contentType],
            body: body, source: source ?? "", userAgent: head.headerFields[.userAgent],
            receivedAt: collected.receivedAt, headerBytes: Self.headerBytes(head.headerFields),
            headers: Self.capturedHeaders(head), isTLS: isTLS)
    }

    /// The header fields as received, for the log: `Host` first (the parser keeps it as the
    /// request's authority), then every other field in order, names as the sender wrote them.
    static func capturedHeaders(_ head: HTTPRequest) -> [PostbackHeader] {
        var headers = head.authority.map { [PostbackHeader("Host", $0)] } ?? []
        headers.reserveCapacity(head.headerFields.count + 1)
        for field in head.headerFields {
            headers.append(PostbackHeader(field.name.rawName, field.value))
        }
        return headers
    }

    /// The size of header fields as they came: `name: value` and CRLF each (rule 1's limit).
    static func headerBytes(_ fields: HTTPFields) -> Int {
        fields.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
    }

    private func decide(_ collected: Collected, _ context: ChannelHandlerContext) {
        let postback = postbackRequest(collected, context, body: Array(collected.body.readableBytesView))
        let connection = collected.connection
        let close = !connection.keepAlive
        decisionNumber &+= 1
        let number = decisionNumber
        deciding = (postback, .now(), connection)
        armDecisionTimer(context)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        endpoint.answer(postback, logger: logger) { answer in
            let answer = Self.withConnectionHeader(answer, connection)
            bound.eventLoop.execute {
                let (handler, context) = bound.value
                // Answered already when the store took too long.
                guard handler.decisionNumber == number, handler.deciding != nil else { return }
                handler.deciding = nil
                handler.answered(answer, close: close, context)
            }
        }
    }

    /// `answer` with the `Connection` header an HTTP/1.0 client is told.
    private static func withConnectionHeader(_ answer: PostbackEndpoint.Answer, _ connection: Persistence)
        -> PostbackEndpoint.Answer
    {
        var answer = answer
        if let value = connection.answerHeader, !answer.headers.contains(where: { $0.name == "Connection" }) {
            answer.headers.insert(("Connection", value), at: 0)
        }
        return answer
    }

    /// Checks, once the store has had ``PostbackEndpoint/storeTimeout`` to decide, that it did;
    /// one timer per connection, set again for the postback being decided.
    private func armDecisionTimer(_ context: ChannelHandlerContext) {
        guard decisionTimer == nil, let start = deciding?.start else { return }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        decisionTimer = context.eventLoop.assumeIsolated().scheduleTask(
            deadline: start + TimeAmount(PostbackEndpoint.storeTimeout)
        ) {
            let (handler, context) = bound.value
            handler.decisionTimer = nil
            handler.decisionTimerFired(context)
        }
    }

    private func decisionTimerFired(_ context: ChannelHandlerContext) {
        guard let (postback, start, connection) = deciding, !isRemoved else { return }
        guard start + TimeAmount(PostbackEndpoint.storeTimeout) <= .now() else {
            armDecisionTimer(context)
            return
        }
        // The store did not decide in time: a temporary failure, answered now (nothing
        // accepted is ever answered without its commit).
        deciding = nil
        let answer = Self.withConnectionHeader(endpoint.storeTimedOut(postback, logger: logger), connection)
        answered(answer, close: !connection.keepAlive, context)
    }

    private func refuseBodyTooLarge(_ collected: Collected, _ context: ChannelHandlerContext) {
        let postback = postbackRequest(collected, context, body: [])
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        endpoint.refuseBodyTooLarge(postback, bodyBytes: collected.body.readableBytes, logger: logger) { answer in
            bound.eventLoop.execute {
                let (handler, context) = bound.value
                handler.answered(answer, close: true, context)
            }
        }
    }

    // MARK: - Answering

    private func answered(_ answer: PostbackEndpoint.Answer, close: Bool, _ context: ChannelHandlerContext) {
        guard !isRemoved else { return }
        if answer.delay > .zero {
            // An injected slow answer: held on the event loop, the connection's timers paused.
            var undelayed = answer
            undelayed.delay = .zero
            let later = undelayed
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: TimeAmount(answer.delay)) {
                let (handler, context) = bound.value
                handler.answered(later, close: close, context)
            }
            return
        }
        ready = (answer, close || answer.close)
        if passedOutstanding == 0 { writeReadyAnswer(context) }
    }

    private func writeReadyAnswer(_ context: ChannelHandlerContext) {
        guard let (answer, close) = ready, !isRemoved else { return }
        ready = nil
        postbackPending = false
        if answer.resetConnection {
            // An injected receiver that is down: a TCP reset instead of an answer.
            held.removeAll()
            guard let socket = context.channel as? any SocketOptionProvider else {
                context.close(promise: nil)
                return
            }
            let channel = context.channel
            socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        guard let responseEncoder else {
            logger.error("postback answer not written: no HTTP response encoder on the connection")
            context.close(promise: nil)
            return
        }
        // The whole answer as bytes, written below the HTTP encoders: one buffer and one write.
        responseEncoder.writeAndFlush(
            NIOAny(IOData.byteBuffer(answerBytes(answer, allocator: context.channel.allocator))), promise: nil)
        timeouts?.answerWritten()
        if close {
            held.removeAll()
            if case .discarding = reading {
                // The client is still sending the body that was refused: read it to its end
                // (the body timeout bounds how long) so that it reads the answer rather than a
                // reset, then close.
                closeWhenRead = true
            } else {
                context.close(promise: nil)
            }
            return
        }
        releaseHeld(context)
    }

    /// The answer's bytes: status line, the answer's own headers, `Content-Type`,
    /// `Content-Length`, `Date`, the verdict's JSON (DESIGN §3).
    private func answerBytes(_ answer: PostbackEndpoint.Answer, allocator: ByteBufferAllocator) -> ByteBuffer {
        let body = ReceiverJSON.verdictBody(answer.verdict)
        let status = HTTPResponseStatus(statusCode: answer.verdict.httpStatus)
        var buffer = allocator.buffer(capacity: 160 + body.readableBytes)
        buffer.writeStaticString("HTTP/1.1 ")
        buffer.writeString(String(status.code))
        buffer.writeStaticString(" ")
        buffer.writeString(status.reasonPhrase)
        buffer.writeStaticString("\r\n")
        for (name, value) in answer.headers {
            buffer.writeString(name)
            buffer.writeStaticString(": ")
            buffer.writeString(value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("Content-Type: application/json; charset=utf-8\r\nContent-Length: ")
        buffer.writeString(String(body.readableBytes))
        buffer.writeStaticString("\r\nDate: ")
        buffer.writeString(date.now())
        buffer.writeStaticString("\r\n\r\n")
        buffer.writeImmutableBuffer(body)
        return buffer
    }

    /// Handles the parts held while the postback was pending, until another postback is pending.
    private func releaseHeld(_ context: ChannelHandlerContext) {
        if held.isEmpty {
            releaseQuiesce(context)
            return
        }
        while !held.isEmpty, !postbackPending || isReadingPostback {
            let part = held.removeFirst()
            handle(part, context)
        }
        // What was passed on reaches Hummingbird's request stream at a read's end.
        context.fireChannelReadComplete()
        releaseQuiesce(context)
    }

    private func releaseQuiesce(_ context: ChannelHandlerContext) {
        answerUnparsableIfDue(context)
        if !postbackPending, let event = heldQuiesce {
            heldQuiesce = nil
            context.fireUserInboundEventTriggered(event)
        }
    }
}

/// The `Date` header's value (RFC 9110 IMF-fixdate), formatted once per second.
struct HTTPDateCache {
    private var second = -1
    private var value = ""

    mutating func now() -> String {
        var seconds = time(nil)
        guard seconds != second else { return value }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ number: Int32) -> String { number < 10 ? "0\(number)" : "\(number)" }
        value =
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        second = seconds
        return value
    }
}
