import NIOCore
import Synchronization

/// What the server saw, shared between its channels.
final class Recorder: Sendable {
    private struct State {
        var requests: [ReceivedRequest] = []
        var rawTargets: [[UInt8]] = []
        var accepted = 0
        var closed = 0
        var gateArrivals = 0
        var gateWaiting: [EventLoopPromise<Void>] = []
        var holding = 0
        var holdingPeak = 0
    }

    private let gateSize: Int
    private let state = Mutex(State())

    init(gateSize: Int) {
        self.gateSize = gateSize
    }

    var requests: [ReceivedRequest] { state.withLock { $0.requests } }
    var rawTargets: [[UInt8]] { state.withLock { $0.rawTargets } }
    var accepted: Int { state.withLock { $0.accepted } }
    var closed: Int { state.withLock { $0.closed } }

    /// The most `/hold` requests the server held at one time.
    var holdingPeak: Int { state.withLock { $0.holdingPeak } }

    func holdStarted() {
        state.withLock { state in
            state.holding += 1
            state.holdingPeak = max(state.holdingPeak, state.holding)
        }
    }

    func holdEnded() { state.withLock { $0.holding -= 1 } }

    func connectionOpened() { state.withLock { $0.accepted += 1 } }
    func connectionClosed() { state.withLock { $0.closed += 1 } }
    func record(_ request: ReceivedRequest) { state.withLock { $0.requests.append(request) } }
    func record(rawTarget: [UInt8]) { state.withLock { $0.rawTargets.append(rawTarget) } }

    /// Registers one arrival at the gate; `promise` succeeds once the gate is open.
    func arrive(_ promise: EventLoopPromise<Void>) {
        let released: [EventLoopPromise<Void>] = state.withLock { state in
            state.gateArrivals += 1
            state.gateWaiting.append(promise)
            guard state.gateArrivals >= gateSize else { return [] }
            defer { state.gateWaiting = [] }
            return state.gateWaiting
        }
        for waiting in released {
            waiting.succeed()
        }
    }
}
