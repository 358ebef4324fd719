import Foundation
import Synchronization

/// Faults the receiver injects into its own answers to postbacks, so that a scenario can
/// provoke the trackers' retries: a slow answer (the tracker's timeout fires), a 5xx answer, a
/// connection reset (the receiver down), or a clock moved past a conversion window.
///
/// The postback path asks ``actions(forPostback:campaignID:)`` for every postback; with no rule
/// armed the answer is empty and nothing changes. Rules are armed in process
/// (``arm(_:)``) or through the admin API (`/api/faults`, when the receiver was started with
/// faults enabled). Safe to use from any thread.
public final class ReceiverFaults: Sendable {
    /// One injected fault: what the receiver does, to which postbacks, and to how many.
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
            /// Reset the connection (TCP RST) without recording or answering: the receiver is
            /// down, as a tracker meets a crashed or restarting server.
            case resetConnection
            /// Judge the postback with the receiver's clock moved by this much (a postback sent
            /// after the conversion window); the answer is the verdict.
            case shiftClock(Duration)
        }

        public var action: Action
        /// How many postbacks the rule takes.
        public var count: Int
        /// Whether only the first request of each distinct postback (request target and body) is
        /// taken, so that the tracker's retry of it is answered normally.
        public var firstOfEachPostback: Bool
        /// The campaigns whose postbacks the rule takes (by the `campaign_id` parameter); empty
        /// for every postback.
        public var campaignIDs: Set<String>

        public init(
            action: Action, count: Int, firstOfEachPostback: Bool = false, campaignIDs: Set<String> = []
        ) {
            self.action = action
            self.count = max(0, count)
            self.firstOfEachPostback = firstOfEachPostback
            self.campaignIDs = campaignIDs
        }
    }

    /// An armed rule as listed: its id and how many postbacks it may still take.
    public struct ArmedRule: Sendable, Hashable {
        public var id: Int
        public var rule: Rule
        public var remaining: Int
    }

    private struct State {
        var next = 0
        var armed: [(rule: ArmedRule, seen: Set<String>)] = []
    }

    private let state: Mutex<State>

    public init(rules: [Rule] = []) {
        var state = State()
        for rule in rules {
            state.next += 1
            state.armed.append((ArmedRule(id: state.next, rule: rule, remaining: rule.count), []))
        }
        self.state = Mutex(state)
    }

    /// Adds `rule`, taking the next postbacks that reach the receiver; returns its id.
    @discardableResult
    public func arm(_ rule: Rule) -> Int {
        state.withLock { state in
            state.next += 1
            state.armed.append((ArmedRule(id: state.next, rule: rule, remaining: rule.count), []))
            return state.next
        }
    }

    /// Removes the rule with `id`, spent or not; whether there was one.
    @discardableResult
    public func disarm(_ id: Int) -> Bool {
        state.withLock { state in
            let before = state.armed.count
            state.armed.removeAll { $0.rule.id == id }
            return state.armed.count < before
        }
    }

    /// Removes every rule.
    public func clear() {
        state.withLock { $0.armed.removeAll() }
    }

    /// Whether any rule is armed (spent ones included until disarmed).
    public var hasRules: Bool {
        state.withLock { !$0.armed.isEmpty }
    }

    /// The armed rules, in the order they apply.
    public var rules: [ArmedRule] {
        state.withLock { $0.armed.map(\.rule) }
    }

    /// The actions that apply to the postback identified by `key` (its request target and body)
    /// for `campaignID` (its `campaign_id` parameter, if any), in rule order; each rule that
    /// takes it counts it.
    public func actions(forPostback key: String, campaignID: String?) -> [Rule.Action] {
        state.withLock { state in
            var actions: [Rule.Action] = []
            for index in state.armed.indices where state.armed[index].rule.remaining > 0 {
                let rule = state.armed[index].rule.rule
                if !rule.campaignIDs.isEmpty {
                    guard let campaignID, rule.campaignIDs.contains(campaignID) else { continue }
                }
                if rule.firstOfEachPostback {
                    guard state.armed[index].seen.insert(key).inserted else { continue }
                }
                state.armed[index].rule.remaining -= 1
                actions.append(rule.action)
            }
            return actions
        }
    }
}

/// The JSON of a rule in the admin API (`/api/faults`): `{"action": "delay", "delay_ms": 3000,
/// "count": 1, "first_of_each_postback": true, "campaign_ids": ["1234"]}`. Actions: `delay`
/// (`delay_ms`), `refuse` (`status`), `fail_after_recording` (`status`), `reset`, `shift_clock`
/// (`seconds`, negative to move it back).
extension ReceiverFaults.Rule: Codable {
    enum CodingKeys: String, CodingKey {
        case action, status, count
        case delayMilliseconds = "delay_ms"
        case seconds
        case firstOfEachPostback = "first_of_each_postback"
        case campaignIDs = "campaign_ids"
    }

    /// The `action` names of the JSON, in the order the API lists them.
    public static let actionNames = ["delay", "refuse", "fail_after_recording", "reset", "shift_clock"]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .action)
        func status() throws -> Int {
            let status = try c.decodeIfPresent(Int.self, forKey: .status) ?? 503
            guard (400...599).contains(status) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .status, in: c, debugDescription: "status \(status) must be from 400 to 599")
            }
            return status
        }
        let action: Action
        switch name {
        case "delay":
            let milliseconds = try c.decode(Int.self, forKey: .delayMilliseconds)
            guard (1...600_000).contains(milliseconds) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .delayMilliseconds, in: c, debugDescription: "delay_ms must be from 1 to 600000")
            }
            action = .delayAnswer(.milliseconds(milliseconds))
        case "refuse": action = .refuse(status: try status())
        case "fail_after_recording": action = .failAfterRecording(status: try status())
        case "reset": action = .resetConnection
        case "shift_clock": action = .shiftClock(.seconds(try c.decode(Int.self, forKey: .seconds)))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .action, in: c,
                debugDescription: "unknown action '\(name)'; use one of \(Self.actionNames.joined(separator: ", "))")
        }
        let count = try c.decodeIfPresent(Int.self, forKey: .count) ?? 1
        guard (1...1_000_000).contains(count) else {
            throw DecodingError.dataCorruptedError(
                forKey: .count, in: c, debugDescription: "count must be from 1 to 1000000")
        }
        self.init(
            action: action, count: count,
            firstOfEachPostback: try c.decodeIfPresent(Bool.self, forKey: .firstOfEachPostback) ?? false,
            campaignIDs: Set(try c.decodeIfPresent([String].self, forKey: .campaignIDs) ?? []))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch action {
        case .delayAnswer(let duration):
            try c.encode("delay", forKey: .action)
            try c.encode(Int(duration.seconds * 1000), forKey: .delayMilliseconds)
        case .refuse(let status):
            try c.encode("refuse", forKey: .action)
            try c.encode(status, forKey: .status)
        case .failAfterRecording(let status):
            try c.encode("fail_after_recording", forKey: .action)
            try c.encode(status, forKey: .status)
        case .resetConnection:
            try c.encode("reset", forKey: .action)
        case .shiftClock(let duration):
            try c.encode("shift_clock", forKey: .action)
            try c.encode(Int(duration.seconds), forKey: .seconds)
        }
        try c.encode(count, forKey: .count)
        try c.encode(firstOfEachPostback, forKey: .firstOfEachPostback)
        try c.encode(campaignIDs.sorted(), forKey: .campaignIDs)
    }
}

extension ReceiverFaults.ArmedRule: Encodable {
    enum CodingKeys: String, CodingKey { case id, remaining }

    public func encode(to encoder: any Encoder) throws {
        try rule.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(remaining, forKey: .remaining)
    }
}
