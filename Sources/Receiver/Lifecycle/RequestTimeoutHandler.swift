import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client is too slow: no complete request head within `headTimeout`
/// of the connection's start or of the end of the previous answer, or no end of the request
/// within `bodyTimeout` of its head. While the receiver is answering, no timer runs.
///
/// It sits after the HTTP decoder, so it sees whole request heads: a head trickled in a byte at a
/// time (slowloris) never arrives as a part, and the head timer closes the connection.
final class RequestTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let headTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    /// When the connection is closed unless the client got on; `nil` while the receiver answers.
    private var deadline: NIODeadline?
    private var timer: Scheduled<Void>?
    /// When ``timer`` fires.
    private var timerDeadline = NIODeadline.uptimeNanoseconds(0)

    init(headTimeout: Duration, bodyTimeout: Duration) {
        self.headTimeout = TimeAmount(headTimeout)
        self.bodyTimeout = TimeAmount(bodyTimeout)
    }

    /// Its own context, for ``answerWritten()``.
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { arm(headTimeout, context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        cancelTimer()
    }

    /// An answer was written below this handler (``PostbackChannelHandler`` writes finished
    /// bytes): the head timer starts again as for an answer that passed through.
    func answerWritten() {
        if let context { arm(headTimeout, context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(headTimeout, context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: arm(bodyTimeout, context)
        case .body: break
        case .end: disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { arm(headTimeout, context) }
        context.write(data, promise: promise)
    }

    /// Sets the deadline `timeout` from now. The timer is not rescheduled for every request (a
    /// schedule and a cancel per request were a noticeable share of a postback's cost): one timer
    /// runs, and when it fires before the current deadline it is set again for that deadline.
    private func arm(_ timeout: TimeAmount, _ context: ChannelHandlerContext) {
        let deadline = NIODeadline.now() + timeout
        self.deadline = deadline
        if timer != nil, timerDeadline <= deadline { return }
        timer?.cancel()
        schedule(at: deadline, context)
    }

    private func disarm() {
        deadline = nil
    }

    private func schedule(at deadline: NIODeadline, _ context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.fired(context)
        }
    }

    private func fired(_ context: ChannelHandlerContext) {
        timer = nil
        guard let deadline else { return }
        if deadline <= .now() {
            context.close(promise: nil)
        } else {
            schedule(at: deadline, context)
        }
    }

    private func cancelTimer() {
        deadline = nil
        timer?.cancel()
        timer = nil
    }
}
