import Synchronization

/// Faults the receiver injects into its own answers to postbacks, so that a scenario can
/// provoke the trackers' retries: a slow answer (the tracker's timeout fires), a 5xx answer.
///
/// Set on ``ReceiverConfiguration/faults``; rules may be armed while the receiver runs. With no
/// faults configured the postback endpoint never looks here.
public final class ReceiverFaults: Sendable {
    /// One injected fault: what the receiver does, and to how many postbacks.
    public struct Rule: Sendable, Hashable {
        /// What the receiver does to a postback the rule takes.
        public enum Action: Sendable, Hashable {
            /// Record the postback, then hold the answer this long (a slow database, a proxy
            /// queueing): a tracker whose timeout is shorter gives up although it was recorded.
            case delayAnswer(Duration)
            /// Answer this status without recording anything (the receiver unavailable).
            case refuse(status: Int)
            /// Record the postback, then answer this status instead of the verdict (processed,
            /// but a proxy or a later step failed): a tracker retrying on 5xx sends a duplicate.
            case failAfterRecording(status: Int)
        }

        public var action: Action
        /// How many postbacks the rule takes.
        public var count: Int
        /// Whether only the first request of each distinct postback (request target and body) is taken,
        /// so that the tracker's retry of it is answered normally.
        public var firstOfEachPostback: Bool

        public init(action: Action, count: Int, firstOfEachPostback: Bool = false) {
            self.action = action
            self.count = max(0, count)
            self.firstOfEachPostback = firstOfEachPostback
        }
    }

    private struct ArmedRule {
        var token: Int = 0
        var rule: Rule
        var remaining: Int
        var seen: Set<String> = []
    }

    private let rules: Mutex<(next: Int, armed: [ArmedRule])>

    public init(rules: [Rule] = []) {
        self.rules = Mutex((0, rules.map { ArmedRule(rule: $0, remaining: $0.count) }))
    }

    /// Adds `rule`, taking the next postbacks that reach the receiver; the token disarms it.
    @discardableResult
    public func arm(_ rule: Rule) -> Int {
        rules.withLock { state in
            state.next += 1
            state.armed.append(ArmedRule(token: state.next, rule: rule, remaining: rule.count))
            return state.next
        }
    }

    /// Removes the rule `arm` returned `token` for, spent or not.
    public func disarm(_ token: Int) {
        rules.withLock { state in state.armed.removeAll { $0.token == token } }
    }

    /// The actions that apply to the postback identified by `key` (its request target and body),
    /// in rule order; each rule that takes it counts it.
    public func actions(forPostback key: String) -> [Rule.Action] {
        rules.withLock { state in
            var actions: [Rule.Action] = []
            for index in state.armed.indices where state.armed[index].remaining > 0 {
                if state.armed[index].rule.firstOfEachPostback {
                    guard state.armed[index].seen.insert(key).inserted else { continue }
                }
                state.armed[index].remaining -= 1
                actions.append(state.armed[index].rule.action)
            }
            return actions
        }
    }
}
