import Foundation
import PostbackCore
import Trackers

/// What `learn` told about a sender from its captured postbacks: a profile, its templates, the
/// conversions it sent, and what the evidence could not tell.
public struct LearntTracker: Sendable {
    /// How one query or form parameter is filled.
    public struct Parameter: Sendable, Hashable {
        /// The parameter's name as sent (raw, as in the request).
        public var rawName: String
        /// The decoded name.
        public var name: String
        /// The macro that fills it, `nil` for a literal (the raw text sent each time).
        public var macroName: String?
        /// Where the macro's value comes from.
        public var macroValue: MacroValue = .literal
        /// Text sent around the macro (a wrapped click id: `cw-{click}-x`), raw.
        public var prefix = ""
        public var suffix = ""
        /// The raw value when it is literal.
        public var literal = ""
        /// What `learn` says about it, one line.
        public var finding: String

        /// The template's text for this parameter.
        var templateText: String {
            let value = macroName.map { prefix + "{\($0)}" + suffix } ?? literal
            return rawName + "=" + value
        }
    }

    /// One conversion as the sender sent it: the first send and how often it was sent.
    public struct Conversion: Sendable, Hashable {
        /// The position in the log of its first send.
        public var line: Int
        public var campaignID: String?
        /// ClickWall's click id it carried, when it was one of the issued clicks.
        public var clickID: String?
        /// Macro name → the value sent, for the macros that take their value from the conversion.
        public var values: [String: String]
        /// Sends in all (the first included).
        public var sends: Int
        /// Answers the sends got, in order (HTTP status, when the log says).
        public var answers: [Int?]
        /// Times of the sends, when the log says.
        public var times: [Date?]
        /// The log's lines of every send.
        public var lines: [Int]
    }

    /// The profile's name.
    public var name: String
    public var method: PostbackMethod
    public var userAgent: String?
    public var encodesValues: Bool
    /// `https://clickwall.net` or `http://clickwall.net`.
    public var origin: String
    public var path: String
    /// The parameters in the order the first postback sent them (a POST's form body after its query).
    public var parameters: [Parameter]
    public var retry: RetryPolicy
    /// Status macro → ClickWall's word → the sender's word, where the sender's words are not ClickWall's.
    public var vocabularies: [String: [String: String]]
    public var conversions: [Conversion]
    /// What could not be told from the evidence, one sentence each.
    public var unknowns: [String]
    /// What was told, one line each, for the terminal.
    public var findings: [String]

    /// The profile's one template.
    public var template: String {
        origin + path + "?" + parameters.map(\.templateText).joined(separator: "&")
    }

    /// The profile as a profile file (fixtures/trackers/README.md), loadable by ``TrackerProfileLoader``.
    public func profileYAML(sourceName: String) -> String {
        var lines: [String] = []
        lines.append("# Learnt by `postback-harness learn` from \(sourceName) (\(conversions.count) conversions).")
        for line in findings { lines.append("# " + line) }
        for line in unknowns { lines.append("# cannot tell: " + line) }
        lines.append("name: \(ScenarioEmitter.quoted(name))")
        lines.append("syntax: [\"{x}\"]")
        // Postbacks carry no trace of the tracking link: the click id is handed to the tracker.
        lines.append("click_param: click_id")
        lines.append("macros:")
        for parameter in parameters {
            guard let macro = parameter.macroName else { continue }
            lines.append("  \(ScenarioEmitter.quoted(macro)): \(Self.yaml(parameter.macroValue))")
        }
        if !vocabularies.isEmpty {
            lines.append("vocabularies:")
            for (macro, words) in vocabularies.sorted(by: { $0.key < $1.key }) {
                let pairs = words.sorted { $0.key < $1.key }.map { "\($0.key): \(ScenarioEmitter.quoted($0.value))" }
                lines.append("  \(ScenarioEmitter.quoted(macro)):")
                lines.append("    words: {\(pairs.joined(separator: ", "))}")
                lines.append(
                    "    change: \"map the tracker's status words to ClickWall's (pending, approved, declined) in its "
                        + "postback settings; learnt from its postbacks.\"")
            }
        }
        lines.append("unknown_macro: literal")
        lines.append("missing_value: empty")
        lines.append("encode_values: \(encodesValues)")
        lines.append("method: \(method == .post ? "post" : "get")")
        if let userAgent { lines.append("user_agent: \(ScenarioEmitter.quoted(userAgent))") }
        if retry.maxAttempts > 1 {
            let conditions = retry.conditions.map(\.rawValue).sorted().joined(separator: ", ")
            let delays = retry.delays.map(Self.duration).joined(separator: ", ")
            lines.append("retry: {on: [\(conditions)], max_attempts: \(retry.maxAttempts), delays: [\(delays)]}")
        }
        lines.append("postbacks:")
        lines.append("  - \(ScenarioEmitter.quoted(template))")
        return lines.joined(separator: "\n") + "\n"
    }

    static func yaml(_ value: MacroValue) -> String {
        switch value {
        case .constant(let text): "{constant: \(ScenarioEmitter.quoted(text))}"
        case .extra(let name): "{value: \(ScenarioEmitter.quoted(name))}"
        case .text(let name): "{text: \(ScenarioEmitter.quoted(name))}"
        default: MacroValue.namedSources.first { $0.value == value }?.key ?? "literal"
        }
    }

    /// `duration` in the largest unit that writes it whole: `15m`, `4h`, `2s`, `250ms`.
    static func duration(_ duration: Duration) -> String {
        let milliseconds = Int(
            (Double(duration.components.seconds) * 1000
                + Double(duration.components.attoseconds) / 1e15).rounded())
        for (unit, size) in [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)]
        where milliseconds % size == 0 && milliseconds > 0 {
            return "\(milliseconds / size)\(unit)"
        }
        return "\(milliseconds)ms"
    }
}
