import Foundation
import PostbackCore
import Trackers

/// The JSON report (`--report json:FILE`) for tools: every scenario run, every stated
/// expectation with the recorded value, and every postback sent with each attempt and the
/// receiver's verdict. The shape is documented in `docs/qa.md`; `format_version` changes
/// only when a field is removed or changes meaning.
public struct JSONReport: Sendable {
    public init() {}

    /// The document for `results`, which ran for `elapsed` from `started`, pretty-printed with
    /// sorted keys.
    public func render(_ results: [ScenarioResult], elapsed: Duration, started: Date) throws -> Data {
        let document = Document(
            formatVersion: 1, startedAt: Self.iso8601(started), durationSeconds: Self.seconds(elapsed),
            totals: Totals(
                scenarios: results.count, passed: results.count(where: { $0.status == .passed }),
                failed: results.count(where: { $0.status == .failed }),
                errors: results.count(where: { $0.status == .error }),
                skipped: results.count(where: { $0.status == .skipped })),
            scenarios: results.map(Self.scenario),
            conformance: results.contains { $0.referenceSends != nil } ? ConformanceReport(results: results) : nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    static func scenario(_ result: ScenarioResult) -> ScenarioEntry {
        ScenarioEntry(
            name: result.name, file: result.file, folder: JUnitReport.folder(of: result.file), tags: result.tags,
            status: result.status.rawValue, repetition: result.repetition, repetitions: result.repetitions,
            durationSeconds: seconds(result.duration), error: result.error, skipReason: result.skipReason,
            campaigns: result.campaigns.map { outcome in
                CampaignEntry(
                    campaignID: outcome.campaignID, passed: outcome.differences.isEmpty && outcome.recorded != nil,
                    recorded: outcome.recorded,
                    expectations: FieldCheck.checks(of: outcome).map {
                        ExpectationEntry(
                            field: $0.field, expected: $0.expected, recorded: $0.recorded, met: $0.met,
                            location: $0.location?.description)
                    },
                    postbacksSent: result.sendCount(forCampaign: outcome.campaignID))
            },
            sends: result.sends.map { send in
                SendEntry(
                    step: send.step + 1, stepLocation: send.stepLocation?.description, tracker: send.tracker,
                    campaignID: send.campaignID, clickID: send.clickID, verdict: send.verdict,
                    attempts: send.attempts, delivery: send.delivery)
            })
    }

    static func seconds(_ duration: Duration) -> Double {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return (value * 1000).rounded() / 1000
    }

    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
