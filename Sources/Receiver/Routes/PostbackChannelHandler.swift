import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import PostbackCore
import Store

/// `GET|POST /postback/advertiser` answered on the channel itself, below Hummingbird's
/// request and response machinery: the request's parts are collected here, the postback is
/// decided by the store's group commit without a task (``PostbackEndpoint/decide(_:logger:completion:)``),
/// and the verdict is written straight back as response parts.
///
/// Every other request — other paths, other methods on the postback path (their 405 comes from
/// ``PostbackEndpoint``) — passes through untouched to Hummingbird. Answers leave in the order
/// the requests came, as HTTP/1.1 requires of a pipelining client: while a postback is being
/// decided, later requests on the connection are held here, and a postback's answer waits for
/// the answers of the requests passed on before it. The answer is what the Hummingbird route
/// gives, byte for byte: status, `Content-Type`, `Content-Length`, `Date`, the verdict's JSON;
/// a body over ``PostbackEndpoint/maxBodyBytes`` gets the 413 and the connection is closed.
///
/// It is installed only when the receiver has no injected faults (``ReceiverFaults``); with
/// faults every postback goes through ``PostbackEndpoint/respond(to:context:)``.
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
    }

    private let endpoint: PostbackEndpoint
    private let logger: Logger
    private var reading = Reading.idle
    /// A postback of this handler's was read and is not answered yet.
    private var postbackPending = false
    /// Its answer, once decided, while requests passed on before it are still being answered.
    private var ready: (verdict: Verdict, close: Bool)?
    /// Requests passed on to Hummingbird whose answer has not been written completely.
    private var passedOutstanding = 0
    /// Request parts that arrived while a postback was pending, in order.
    private var held: [HTTPRequestPart] = []
    /// A quiesce (graceful shutdown) that arrived while a postback was pending.
    private var heldQuiesce: Any?
    private var isRemoved = false
    /// The context of NIO's response encoder: what is written there skips the HTTP encoders
    /// (the answer is written as finished bytes).
    private var responseEncoder: ChannelHandlerContext?
    /// The connection's timeouts, told of an answer written past them.
    private var timeouts: RequestTimeoutHandler?
    private var source: String?
    private var date = HTTPDateCache()

    init(endpoint: PostbackEndpoint, logger: Logger) {
        self.endpoint = endpoint
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        responseEncoder = try? context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self)
        timeouts = try? context.pipeline.syncOperations.handler(type: RequestTimeoutHandler.self)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        isRemoved = true
        responseEncoder = nil
        timeouts = nil
    }

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
        context.write(data, promise: promise)
        if case .end = unwrapOutboundIn(data), passedOutstanding > 0 {
            passedOutstanding -= 1
            if passedOutstanding == 0 { writeReadyAnswer(context) }
        }
    }

    // MARK: - Reading

    private func handle(_ part: HTTPRequestPart, _ context: ChannelHandlerContext) {
        switch (part, reading) {
        case (.head(let head), _):
            // Without the encoder's context (never, in Hummingbird's HTTP/1 pipeline) every
            // request goes to Hummingbird, whose route answers postbacks the same way.
            if responseEncoder != nil, Self.isPostback(head) {
                reading = .collecting(
                    Collected(head: head, body: ByteBuffer(), receivedAt: endpoint.clock(), start: .now))
                postbackPending = true
            } else {
                reading = .passing
                passedOutstanding += 1
                context.fireChannelRead(wrapInboundOut(part))
            }
        case (.body(let bytes), .collecting(var collected)):
            reading = .idle
            if collected.body.readableBytes + bytes.readableBytes > PostbackEndpoint.maxBodyBytes {
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

    /// Whether `head` is a postback this handler answers: the path is exactly
    /// `/postback/advertiser` and the method GET or POST.
    static func isPostback(_ head: HTTPRequest) -> Bool {
        (head.method == .get || head.method == .post) && ReceiverResponder.isPostbackPath(head.path)
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
            receivedAt: collected.receivedAt, headerBytes: PostbackEndpoint.headerBytes(head.headerFields))
    }

    private func decide(_ collected: Collected, _ context: ChannelHandlerContext) {
        let postback = postbackRequest(collected, context, body: Array(collected.body.readableBytesView))
        let close = Self.wantsClose(collected.head)
        let start = collected.start
        let metrics = endpoint.metrics
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        endpoint.decide(postback, logger: logger) { verdict in
            metrics.recordPostback(result: verdict.result, reason: verdict.reason, duration: start.duration(to: .now))
            bound.eventLoop.execute {
                let (handler, context) = bound.value
                handler.answered(verdict, close: close, context)
            }
        }
    }

    private func refuseBodyTooLarge(_ collected: Collected, _ context: ChannelHandlerContext) {
        let postback = postbackRequest(collected, context, body: [])
        let verdict = PostbackEndpoint.bodyTooLarge
        let start = collected.start
        let metrics = endpoint.metrics
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        endpoint.refuse(postback, verdict, logger: logger) {
            metrics.recordPostback(result: verdict.result, reason: verdict.reason, duration: start.duration(to: .now))
            bound.eventLoop.execute {
                let (handler, context) = bound.value
                handler.answered(verdict, close: true, context)
            }
        }
    }

    /// Whether the client asked for the connection to be closed after the answer.
    static func wantsClose(_ head: HTTPRequest) -> Bool {
        guard let connection = head.headerFields[.connection] else { return false }
        return connection.lowercased().split(separator: ",").contains {
            $0.trimmingCharacters(in: .whitespaces) == "close"
        }
    }

    // MARK: - Answering

    private func answered(_ verdict: Verdict, close: Bool, _ context: ChannelHandlerContext) {
        guard !isRemoved else { return }
        ready = (verdict, close)
        if passedOutstanding == 0 { writeReadyAnswer(context) }
    }

    /// Whether an answer says `Connection: close` itself: the 413 does, as the route's does; a
    /// close the client asked for is not echoed, as Hummingbird does not.
    private static func announcesClose(_ verdict: Verdict) -> Bool {
        verdict.httpStatus == PostbackEndpoint.bodyTooLarge.httpStatus
    }

    private func writeReadyAnswer(_ context: ChannelHandlerContext) {
        guard let (verdict, close) = ready, !isRemoved else { return }
        ready = nil
        postbackPending = false
        // The whole answer as bytes, written below the HTTP encoders: the same bytes they would
        // make of the typed parts (`PostbackChannelHandlerTests` compares them), in one buffer
        // and one write instead of three parts through four handlers.
        responseEncoder?.writeAndFlush(
            NIOAny(IOData.byteBuffer(answerBytes(verdict, allocator: context.channel.allocator))), promise: nil)
        timeouts?.answerWritten()
        if close {
            held.removeAll()
            context.close(promise: nil)
            return
        }
        releaseHeld(context)
    }

    /// The answer's bytes as NIO's `HTTPResponseEncoder` writes the typed parts: status line,
    /// `Connection: close` for the 413, `Content-Type`, `Content-Length`, `Date`, the body.
    private func answerBytes(_ verdict: Verdict, allocator: ByteBufferAllocator) -> ByteBuffer {
        let body = ReceiverJSON.verdictBody(verdict)
        // NIO's phrase for the code, as the HTTPTypes → NIOHTTP1 conversion gives it.
        let status = HTTPResponseStatus(statusCode: verdict.httpStatus)
        var buffer = allocator.buffer(capacity: 160 + body.readableBytes)
        buffer.writeStaticString("HTTP/1.1 ")
        buffer.writeString(String(status.code))
        buffer.writeStaticString(" ")
        buffer.writeString(status.reasonPhrase)
        buffer.writeStaticString("\r\n")
        if Self.announcesClose(verdict) { buffer.writeStaticString("Connection: close\r\n") }
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
