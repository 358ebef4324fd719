import NIOCore
import NIOHTTPTypes
import NIOTLS
import Synchronization

/// Closes a connection whose client is too slow: no complete request head within `headTimeout`
/// of the connection's start or of the end of the previous answer, or no end of the request
/// within `bodyTimeout` of its head. While the receiver is answering, no timer runs.
///
/// Under pressure — half the listener's connection cap or more in use (``ConnectionGauge``) —
/// a connection that has waited ``ConnectionLimits/sheddingTimeout`` for a head or a body is
/// closed at once: slow clients are shed before they can hold every slot, and well-behaved ones,
/// which send a request in one go, keep being served. The TLS handshake counts as waiting for a
/// head, so half-open handshakes are shed the same way; on its own it has `handshakeTimeout`.
/// A connection from a peer that already holds ``ConnectionLimits/maxConnectionsPerPeer`` is
/// closed when it starts. A client that takes nothing of an answer (the channel stays unwritable)
/// for `headTimeout` is closed, and under pressure after the shedding time: a stalled reader is a
/// slow client too.
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
    private let sheddingTimeout: TimeAmount
    private let handshakeTimeout: TimeAmount
    private let gauge: ConnectionGauge
    private var counted = false
    /// The peer address counted against the per-peer limit.
    private var peer: String?
    /// Whether the TLS handshake is still to finish.
    private var handshaking: Bool
    /// When the connection is closed unless the client got on; `nil` while the receiver answers.
    private var deadline: NIODeadline?
    /// Since when the client has been waited for (a head or a body); `nil` while answering.
    private var waitingSince: NIODeadline?
    /// Since when the client has taken nothing of what is written (the channel is unwritable).
    private var stalledSince: NIODeadline?
    private var timer: Scheduled<Void>?
    /// When ``timer`` fires.
    private var timerDeadline = NIODeadline.uptimeNanoseconds(0)

    init(limits: ConnectionLimits, gauge: ConnectionGauge, tls: Bool = false) {
        self.headTimeout = TimeAmount(limits.headTimeout)
        self.bodyTimeout = TimeAmount(limits.bodyTimeout)
        self.sheddingTimeout = TimeAmount(limits.sheddingTimeout)
        self.handshakeTimeout = TimeAmount(limits.handshakeTimeout)
        self.gauge = gauge
        self.handshaking = tls
    }

    /// Its own context, for ``answerWritten()``.
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { started(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        cancelTimer()
        ended()
    }

    /// An answer was written below this handler (``PostbackChannelHandler`` writes finished
    /// bytes): the head timer starts again as for an answer that passed through.
    func answerWritten() {
        if let context { arm(headTimeout, context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        started(context)
        context.fireChannelActive()
    }

    private func started(_ context: ChannelHandlerContext) {
        if !counted {
            counted = true
            peer = gauge.tracksPeers ? context.channel.remoteAddress?.ipAddress : nil
            if !gauge.opened(peer: peer) {
                context.close(promise: nil)
                return
            }
        }
        arm(handshaking ? min(handshakeTimeout, headTimeout) : headTimeout, context)
    }

    private func ended() {
        if counted {
            counted = false
            gauge.closed(peer: peer)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            stalledSince = nil
        } else if stalledSince == nil {
            let now = NIODeadline.now()
            stalledSince = now
            let next = now + min(sheddingTimeout, headTimeout)
            if timer == nil || timerDeadline > next {
                timer?.cancel()
                schedule(at: next, context)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if handshaking, case .handshakeCompleted = event as? TLSUserEvent {
            handshaking = false
            arm(headTimeout, context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        ended()
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
        let now = NIODeadline.now()
        let deadline = now + timeout
        self.deadline = deadline
        waitingSince = now
        let next = min(deadline, now + sheddingTimeout)
        if timer != nil, timerDeadline <= next { return }
        timer?.cancel()
        schedule(at: next, context)
    }

    private func disarm() {
        deadline = nil
        waitingSince = nil
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
        let now = NIODeadline.now()
        var next: NIODeadline?
        // The client keeps the receiver waiting for a request, or does not take its answer.
        let waits = [(waitingSince, deadline), (stalledSince, stalledSince.map { $0 + headTimeout })]
        for case (let since?, let limit?) in waits {
            if limit <= now || (since + sheddingTimeout <= now && gauge.isUnderPressure) {
                context.close(promise: nil)
                return
            }
            // Looked at again once the client has waited the shedding time, in case pressure comes.
            let again = min(limit, max(since + sheddingTimeout, now + sheddingTimeout))
            next = min(next ?? again, again)
        }
        if let next { schedule(at: next, context) }
    }

    private func cancelTimer() {
        deadline = nil
        waitingSince = nil
        stalledSince = nil
        timer?.cancel()
        timer = nil
    }
}

/// The connections one listener holds, against its cap: under pressure from half the cap on;
/// with a per-peer limit, also the connections of each peer address.
final class ConnectionGauge: Sendable {
    private let count = Atomic<Int>(0)
    private let pressure: Int
    private let perPeer: Int?
    private let peers = Mutex<[String: Int]>([:])

    init(maxConnections: Int, maxConnectionsPerPeer: Int? = nil) {
        pressure = max(1, maxConnections / 2)
        perPeer = maxConnectionsPerPeer
    }

    /// Whether connections are counted per peer address.
    var tracksPeers: Bool { perPeer != nil }

    /// Counts a new connection; false when its peer now holds more than its limit (it is still
    /// counted until ``closed(peer:)``).
    func opened(peer: String?) -> Bool {
        count.add(1, ordering: .relaxed)
        guard let perPeer, let peer else { return true }
        return peers.withLock { held in
            held[peer, default: 0] += 1
            return held[peer, default: 0] <= perPeer
        }
    }

    func closed(peer: String?) {
        count.subtract(1, ordering: .relaxed)
        guard perPeer != nil, let peer else { return }
        peers.withLock { held in
            let left = held[peer, default: 1] - 1
            held[peer] = left > 0 ? left : nil
        }
    }

    /// Whether half the cap or more is in use.
    var isUnderPressure: Bool { count.load(ordering: .relaxed) >= pressure }
}
