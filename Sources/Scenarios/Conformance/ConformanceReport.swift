import Foundation
import Trackers

/// How a receiver under test answered the suite's postbacks against the embedded reference
/// (`run --receiver URL --differential`): per DESIGN §3 rule, how many answers of the reference
/// it decided, and each answer of the receiver under test that differs from the reference's,
/// field by field (HTTP status, `result`, `reason`, the JSON fields, or no answer at all).
public struct ConformanceReport: Sendable, Codable {
    /// One rule's line: how often the reference decided by it, how many the receiver under
    /// test answered the same way.
    public struct RuleLine: Sendable, Codable {
        /// The rule's line in DESIGN §3's table (13 for first conversions, 14 for its repeats,
        /// 15 for `unavailable`); ``title`` gives its number as DESIGN writes it.
        public var rule: ConformanceRule
        /// The rule's number and words in DESIGN §3, e.g. `8 click id was issued (unknown_click)`.
        public var title: String
        public var exercised: Int
        public var conforming: Int
        public var mismatches: [Mismatch]

        public var isConforming: Bool { mismatches.isEmpty }

        enum CodingKeys: String, CodingKey {
            case rule, title, exercised, conforming, mismatches
        }
    }

    /// One answer that differs from the reference's.
    public struct Mismatch: Sendable, Codable, Equatable {
        public var scenario: String
        public var url: String
        public var attempt: Int
        /// `field: expected … got …`, one per field that differs.
        public var differences: [String]
    }

    public var rules: [RuleLine]
    /// Answers that could not be paired (a send the other side did not make), by scenario.
    public var unpaired: [String]

    /// Compares, scenario by scenario and traffic step by step, the sends of the reference run
    /// with those of the run against the receiver under test. Within a step, sends run
    /// concurrently, so which of two racing postbacks is `accepted` and which `duplicate`, or
    /// which took an injected fault, may differ between two runs: a step whose answers are the
    /// same as a whole conforms; otherwise its answers are compared in send order.
    public init(pairs: [(scenario: String, reference: [SentPostback], underTest: [SentPostback])]) {
        var lines: [ConformanceRule: RuleLine] = [:]
        for rule in ConformanceRule.allCases {
            lines[rule] = RuleLine(rule: rule, title: rule.title, exercised: 0, conforming: 0, mismatches: [])
        }
        var unpaired: [String] = []
        for pair in pairs {
            let steps = Set(pair.reference.map(\.step)).union(pair.underTest.map(\.step)).sorted()
            for step in steps {
                let reference = pair.reference.filter { $0.step == step }.flatMap(\.attempts)
                let underTest = pair.underTest.filter { $0.step == step }.flatMap(\.attempts)
                if reference.count != underTest.count {
                    unpaired.append(
                        "\(pair.scenario), traffic step \(step + 1): the reference answered \(reference.count) sends, the receiver under test \(underTest.count)"
                    )
                }
                let expected = reference.compactMap(AnswerFields.init)
                let got = underTest.compactMap(AnswerFields.init)
                let sameAsAWhole = expected.map(\.key).sorted() == got.map(\.key).sorted()
                for (index, answer) in expected.enumerated() {
                    guard let rule = answer.rule else { continue }
                    lines[rule]?.exercised += 1
                    let differences =
                        sameAsAWhole ? [] : answer.differences(from: index < got.count ? got[index] : nil)
                    if differences.isEmpty {
                        lines[rule]?.conforming += 1
                    } else {
                        let attempt = index < underTest.count ? underTest[index] : reference[index]
                        lines[rule]?.mismatches.append(
                            Mismatch(
                                scenario: pair.scenario, url: attempt.url, attempt: attempt.attempt,
                                differences: differences))
                    }
                }
            }
        }
        rules = ConformanceRule.allCases.compactMap { lines[$0] }
        self.unpaired = unpaired
    }

    /// The report over the results of a differential run (those that ran against both).
    public init(results: [ScenarioResult]) {
        self.init(
            pairs: results.compactMap { result in
                result.referenceSends.map { (result.displayName, $0, result.sends) }
            })
    }

    /// Whether every exercised rule conformed and every send was paired.
    public var isConforming: Bool { rules.allSatisfy(\.isConforming) && unpaired.isEmpty }

    /// The report as text: one line per rule, then each mismatch (at most `shown` per rule).
    public func text(shown: Int = 5) -> String {
        var lines = ["conformance against the embedded reference (DESIGN §3):"]
        for rule in rules {
            let mark = rule.exercised == 0 ? "  -  " : (rule.isConforming ? "  ok " : "  NO ")
            let counts =
                rule.exercised == 0 ? "not exercised" : "\(rule.conforming)/\(rule.exercised) answers as the reference"
            lines.append("\(mark)\(rule.title): \(counts)")
            for mismatch in rule.mismatches.prefix(shown) {
                lines.append("        \(mismatch.scenario): \(mismatch.url) (send \(mismatch.attempt))")
                for difference in mismatch.differences { lines.append("          \(difference)") }
            }
            if rule.mismatches.count > shown { lines.append("        … and \(rule.mismatches.count - shown) more") }
        }
        for note in unpaired { lines.append("  unpaired: \(note)") }
        let broken = rules.filter { !$0.isConforming }.map(\.title)
        if broken.isEmpty && unpaired.isEmpty {
            lines.append("conforming: every exercised rule answered as the reference")
        } else if broken.isEmpty {
            lines.append("NOT conforming: sends could not be paired")
        } else {
            lines.append("NOT conforming: answered differently on rule \(broken.joined(separator: "; "))")
        }
        return lines.joined(separator: "\n")
    }
}

/// The fields of one send's answer that the conformance report compares.
struct AnswerFields: Equatable {
    var outcome: String
    var status: Int?
    var result: String?
    var reason: String?
    var message: String?
    var hasConversionID: Bool
    var keys: [String]

    init?(_ attempt: SendAttempt?) {
        guard let attempt else { return nil }
        switch attempt.outcome {
        case .answered: outcome = "answered"
        case .timedOut: outcome = "timed out"
        case .connectionFailed: outcome = "connection failed"
        case .notSent: outcome = "not sent"
        }
        status = attempt.status
        let object =
            attempt.answer.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any]
        result = object?["result"] as? String
        reason = object?["reason"] as? String
        message = object?["message"] as? String
        hasConversionID = object?["conversion_id"] is String
        keys = object.map { $0.keys.sorted() } ?? []
    }

    /// What is compared, as one value.
    var key: String {
        [outcome, status.map(String.init) ?? "-", result ?? "-", reason ?? "-", hasConversionID ? "id" : "-"]
            .joined(separator: "|") + "|" + keys.joined(separator: ",")
    }

    /// The rule that decided this (reference) answer.
    var rule: ConformanceRule? {
        result.flatMap { ConformanceRule.deciding(result: $0, reason: reason, message: message) }
    }

    /// `field: expected … got …` for each compared field that differs in `other`.
    func differences(from other: AnswerFields?) -> [String] {
        guard let other else { return ["answer: expected one, got nothing"] }
        var differences: [String] = []
        func compare<T: Equatable>(_ name: String, _ expected: T, _ got: T) {
            if expected != got { differences.append("\(name): expected \(expected), got \(got)") }
        }
        compare("outcome", outcome, other.outcome)
        compare("HTTP status", status.map(String.init) ?? "none", other.status.map(String.init) ?? "none")
        compare("result", result ?? "none", other.result ?? "none")
        compare("reason", reason ?? "null", other.reason ?? "null")
        compare("conversion_id", hasConversionID ? "an id" : "null", other.hasConversionID ? "an id" : "null")
        compare("JSON fields", keys.joined(separator: ", "), other.keys.joined(separator: ", "))
        return differences
    }
}
