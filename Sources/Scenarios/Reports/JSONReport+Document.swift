import PostbackCore
import Trackers

extension JSONReport {
    /// The top of the document.
    struct Document: Encodable {
        var formatVersion: Int
        var startedAt: String
        var durationSeconds: Double
        var totals: Totals
        var scenarios: [ScenarioEntry]
        /// In a differential run, the conformance report (absent otherwise).
        var conformance: ConformanceReport?

        enum CodingKeys: String, CodingKey {
            case formatVersion = "format_version"
            case startedAt = "started_at"
            case durationSeconds = "duration_seconds"
            case totals, scenarios, conformance
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(formatVersion, forKey: .formatVersion)
            try c.encode(startedAt, forKey: .startedAt)
            try c.encode(durationSeconds, forKey: .durationSeconds)
            try c.encode(totals, forKey: .totals)
            try c.encode(scenarios, forKey: .scenarios)
            try c.encodeIfPresent(conformance, forKey: .conformance)
        }
    }

    /// How many scenario runs ended each way.
    struct Totals: Encodable {
        var scenarios: Int
        var passed: Int
        var failed: Int
        var errors: Int
        var skipped: Int
    }

    /// One scenario run.
    struct ScenarioEntry: Encodable {
        var name: String
        var file: String
        var folder: String
        var tags: [String]
        var status: String
        var repetition: Int
        var repetitions: Int
        var durationSeconds: Double
        var error: String?
        var skipReason: String?
        var campaigns: [CampaignEntry]
        var sends: [SendEntry]

        enum CodingKeys: String, CodingKey {
            case name, file, folder, tags, status, repetition, repetitions, error, campaigns, sends
            case durationSeconds = "duration_seconds"
            case skipReason = "skip_reason"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(file, forKey: .file)
            try c.encode(folder, forKey: .folder)
            try c.encode(tags, forKey: .tags)
            try c.encode(status, forKey: .status)
            try c.encode(repetition, forKey: .repetition)
            try c.encode(repetitions, forKey: .repetitions)
            try c.encode(durationSeconds, forKey: .durationSeconds)
            try c.encode(error, forKey: .error)
            try c.encode(skipReason, forKey: .skipReason)
            try c.encode(campaigns, forKey: .campaigns)
            try c.encode(sends, forKey: .sends)
        }
    }

    /// One expected campaign: its recorded statistics (DESIGN §4's object) and each expectation.
    struct CampaignEntry: Encodable {
        var campaignID: String
        var passed: Bool
        var recorded: CampaignStats?
        var expectations: [ExpectationEntry]
        var postbacksSent: Int

        enum CodingKeys: String, CodingKey {
            case campaignID = "campaign_id"
            case passed, recorded, expectations
            case postbacksSent = "postbacks_sent"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(campaignID, forKey: .campaignID)
            try c.encode(passed, forKey: .passed)
            try c.encode(recorded, forKey: .recorded)
            try c.encode(expectations, forKey: .expectations)
            try c.encode(postbacksSent, forKey: .postbacksSent)
        }
    }

    /// One stated field.
    struct ExpectationEntry: Encodable {
        var field: String
        var expected: String
        var recorded: String?
        var met: Bool
        var location: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(field, forKey: .field)
            try c.encode(expected, forKey: .expected)
            try c.encode(recorded, forKey: .recorded)
            try c.encode(met, forKey: .met)
            try c.encode(location, forKey: .location)
        }

        enum CodingKeys: String, CodingKey { case field, expected, recorded, met, location }
    }

    /// One postback a tracker sent, with its attempts and the receiver's verdict.
    struct SendEntry: Encodable {
        var step: Int
        var stepLocation: String?
        var tracker: String
        var campaignID: String
        var clickID: String?
        var verdict: Verdict?
        var attempts: [SendAttempt]
        var delivery: DeliveryReport?

        enum CodingKeys: String, CodingKey {
            case step, tracker, verdict, attempts, delivery
            case stepLocation = "step_location"
            case campaignID = "campaign_id"
            case clickID = "click_id"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(step, forKey: .step)
            try c.encode(stepLocation, forKey: .stepLocation)
            try c.encode(tracker, forKey: .tracker)
            try c.encode(campaignID, forKey: .campaignID)
            try c.encode(clickID, forKey: .clickID)
            try c.encode(verdict, forKey: .verdict)
            try c.encode(attempts, forKey: .attempts)
            try c.encode(delivery, forKey: .delivery)
        }
    }
}
