import Foundation
import PostbackCore
import Yams

/// Typed access to nodes. Each accessor returns `nil` after recording an error that names the
/// key (`what`) and what was found instead.
extension YAMLReader {
    /// Whether a node is YAML null (`~`, `null`, or nothing).
    package func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// A short description of a node for messages: `a mapping`, `a list`, `null`, or the value.
    package func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull(node) { return "null" }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            return "'\(text)'"
        }
    }

    /// A mapping, with its keys checked against `allowed` (unknown keys are reported).
    package func mapping(_ node: Node, _ what: String, allowed: [String]) -> YAMLMapping? {
        guard case .mapping(let mapping) = node else {
            error("'\(what)' must be a mapping, found \(describe(node))", at: node.mark)
            return nil
        }
        let result = YAMLMapping(reader: self, mapping: mapping, what: what)
        result.checkKeys(allowed)
        return result
    }

    /// A mapping whose keys are free (names, ids); the keys are returned as strings in file order.
    package func freeMapping(_ node: Node, _ what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error("'\(what)' must be a mapping, found \(describe(node))", at: node.mark)
            return nil
        }
        var pairs: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let scalar = keyNode.scalar, !isNull(keyNode) else {
                error("keys of '\(what)' must be strings, found \(describe(keyNode))", at: keyNode.mark)
                continue
            }
            pairs.append((scalar.string, keyNode, value))
        }
        return pairs
    }

    /// A list's items.
    package func sequence(_ node: Node, _ what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            error("'\(what)' must be a list, found \(describe(node))", at: node.mark)
            return nil
        }
        return Array(sequence)
    }

    /// Any scalar's text (a number written without quotes is taken as its text).
    package func string(_ node: Node, _ what: String) -> String? {
        guard let scalar = node.scalar, !isNull(node) else {
            error("'\(what)' must be a string, found \(describe(node))", at: node.mark)
            return nil
        }
        return scalar.string
    }

    /// A list of strings; a single string is accepted as a list of one.
    package func stringList(_ node: Node, _ what: String) -> [String]? {
        if node.scalar != nil, !isNull(node) { return string(node, what).map { [$0] } }
        guard let items = sequence(node, what) else { return nil }
        let strings = items.compactMap { string($0, "\(what) item") }
        return strings.count == items.count ? strings : nil
    }

    /// An integer written without quotes, within `range`.
    package func int(_ node: Node, _ what: String, in range: ClosedRange<Int> = 0...Int.max) -> Int? {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any,
            let value = Int(scalar.string)
        else {
            error("'\(what)' must be an integer, found \(describe(node))", at: node.mark)
            return nil
        }
        guard range.contains(value) else {
            let bounds =
                range.upperBound == Int.max
                ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
            error("'\(what)' must be \(bounds), found \(value)", at: node.mark)
            return nil
        }
        return value
    }

    /// `true` or `false`.
    package func bool(_ node: Node, _ what: String) -> Bool? {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any else {
            error("'\(what)' must be true or false, found \(describe(node))", at: node.mark)
            return nil
        }
        switch scalar.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            error("'\(what)' must be true or false, found \(describe(node))", at: node.mark)
            return nil
        }
    }

    /// A decimal amount of money: digits with an optional `.` part, quoted or not.
    package func money(_ node: Node, _ what: String) -> Money? {
        guard let text = string(node, what) else { return nil }
        guard let money = Money(text) else {
            error(
                "bad decimal '\(text)' for '\(what)': expected a non-negative amount with '.' as separator, such as \"1.20\"",
                at: node.mark)
            return nil
        }
        return money
    }

    /// A number (integer or decimal), within `range`.
    package func double(_ node: Node, _ what: String, in range: ClosedRange<Double>) -> Double? {
        guard let text = string(node, what) else { return nil }
        guard let value = Double(text), value.isFinite else {
            error("'\(what)' must be a number, found '\(text)'", at: node.mark)
            return nil
        }
        guard range.contains(value) else {
            error("'\(what)' must be between \(range.lowerBound) and \(range.upperBound), found \(text)", at: node.mark)
            return nil
        }
        return value
    }

    /// One of the raw values of `T`; a bad value lists the allowed ones and the nearest.
    package func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, as type: T.Type) -> T?
    where T.RawValue == String {
        let allowed = T.allCases.map(\.rawValue)
        guard let text = string(node, what) else { return nil }
        if let value = T(rawValue: text) { return value }
        error(Self.badValueMessage(text, what: what, allowed: allowed), at: node.mark)
        return nil
    }

    /// A duration such as `500ms`, `15s`, `30m`, `12h`, `40d`.
    package func duration(_ node: Node, _ what: String) -> Duration? {
        guard let text = string(node, what) else { return nil }
        guard let duration = Duration(shorthand: text) else {
            error(
                "bad duration '\(text)' for '\(what)': expected a number and a unit (ms, s, m, h, d), such as 15m or 40d",
                at: node.mark)
            return nil
        }
        return duration
    }

    /// `bad value 'x' for 'what' (expected one of: …); did you mean 'y'?`
    package static func badValueMessage(_ text: String, what: String, allowed: [String]) -> String {
        var message = "bad value '\(text)' for '\(what)' (expected one of: \(allowed.joined(separator: ", ")))"
        if let nearest = NearestName.find(text, in: allowed) {
            message += "; did you mean '\(nearest)'?"
        }
        return message
    }
}
