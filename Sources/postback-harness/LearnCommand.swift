import ArgumentParser
import Foundation
import Logging
import PostbackCore
import Scenarios
import Trackers

/// `postback-harness learn`: tells how a tracker sends from its captured postbacks and writes it
/// down as a profile and a scenario.
struct LearnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Learn a tracker from its captured postbacks: write its profile and a scenario.",
        discussion: """
            Reads any log `replay` reads (the receiver's GET /api/postbacks export keeps the most: \
            headers, TLS, body, time, answer) and the clicks ClickWall issued, tells which parameter \
            carries the click id and in what form, what each other parameter holds, encoding, method, \
            User-Agent and retries, then writes DIR/NAME.yaml (a tracker profile) and \
            DIR/NAME.scenario.yaml (a scenario sending the same conversions through it, expecting what \
            the replay of the log recorded), and prints what the evidence could not tell. Exit 0 when \
            both are written; 2 for invalid input (a missing or unreadable file, a log in no known \
            format, no postback carrying an issued click id); 3 when a file cannot be written.
            """
    )

    @Argument(help: "The captured postbacks: the receiver's export, an access log, a URL list or a HAR.")
    var log: String

    @Option(help: "auto (detect), combined, json, alb, urls, har, export (GET /api/postbacks), or appmetrica.")
    var format: ReplayCommand.FormatArgument = .auto

    @Option(help: "CSV of issued clicks: campaign_id,click_id[,created_at] (as for replay).")
    var clicks: String?

    @Option(help: "YAML of the campaigns (the scenario's campaigns: shape); default: inferred, active, cpi, payout 0.")
    var campaigns: String?

    @Option(help: "The learnt tracker's name: the profile's name and the files' names.")
    var name = "learnt-tracker"

    @Option(name: .customLong("output"), help: "The folder to write NAME.yaml and NAME.scenario.yaml to.")
    var output = "."

    @Option(
        name: .customLong("time-scale"),
        help: "The factor the sender's delays ran at (a scenario's time_scale); delays are divided by it.")
    var timeScale: Double = 1

    func validate() throws {
        guard timeScale > 0, timeScale.isFinite else { throw ValidationError("--time-scale must be a number above 0") }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ValidationError("--name '\(name)' must be letters, digits, '-' and '_'")
        }
    }

    func run() async throws {
        let text = try ReplayCommand.read(log, what: "log")
        let parsed: ParsedLog
        var given: [Campaign]?
        var writtenAmounts: [String] = []
        var clickRecords: [ClickRecord] = []
        let learnt: LearntTracker
        do {
            parsed = try LogParser.parse(
                text, file: log, format: format == .auto ? nil : LogFormat(rawValue: format.rawValue))
            if let campaigns { (given, writtenAmounts) = try CampaignsFile.load(path: campaigns) }
            if let clicks {
                clickRecords = try ClicksFile.parse(try ReplayCommand.read(clicks, what: "clicks file"), file: clicks)
            }
            learnt = try TrackerLearner(
                log: parsed, clicks: clickRecords, name: name, file: log, timeScale: timeScale
            ).learn()
        } catch let error as ReplayInputError {
            throw HarnessExit.invalidInput("error: \(error.message)")
        }
        for note in parsed.unparsable {
            let place =
                parsed.format.unit == "line" ? "\(log):\(note.line)" : "\(log): \(parsed.format.unit) \(note.line)"
            FileHandle.standardError.write(Data("warning: \(place): \(note.message)\n".utf8))
        }

        var logger = Logger(label: "postback-harness.learn")
        logger.logLevel = .error
        let report: ReplayReport
        do {
            report = try await LogReplay(
                log: TrackerLearner.decidedLog(parsed), campaigns: given, clicks: clickRecords,
                assumeIssued: clickRecords.isEmpty
            ).run(logger: logger)
        } catch let error as ReplayInputError {
            throw HarnessExit.invalidInput("error: \(error.message)")
        } catch {
            throw HarnessExit.runtime("error: the log could not be replayed to find its statistics: \(error)")
        }

        let logName = (log as NSString).lastPathComponent
        let profileFile = "\(name).yaml"
        let scenario = LearntScenario(
            learnt: learnt, report: report, profilePath: profileFile, logName: logName, unit: parsed.format.unit,
            writtenAmounts: writtenAmounts)
        let folder = URL(fileURLWithPath: output)
        let profileURL = folder.appendingPathComponent(profileFile)
        let scenarioURL = folder.appendingPathComponent("\(name).scenario.yaml")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try learnt.profileYAML(sourceName: logName).write(to: profileURL, atomically: true, encoding: .utf8)
            try scenario.yaml().write(to: scenarioURL, atomically: true, encoding: .utf8)
        } catch {
            throw HarnessExit.runtime("error: cannot write to '\(output)': \(error.localizedDescription)")
        }

        var lines: [String] = []
        let sends = learnt.conversions.map(\.sends).reduce(0, +)
        lines.append(
            "Learnt \(name) from \(sends) postbacks (\(learnt.conversions.count) conversions) in \(log) (\(parsed.format.rawValue))"
        )
        lines.append("")
        lines.append("template: \(learnt.template)")
        for finding in learnt.findings { lines.append("  \(finding)") }
        let answers = Dictionary(grouping: parsed.postbacks.compactMap { $0.logged?.description }, by: { $0 })
            .map { (answer: $0.key, count: $0.value.count) }.sorted { ($1.count, $0.answer) < ($0.count, $1.answer) }
        if !answers.isEmpty {
            lines.append(
                "  answers in the log: " + answers.map { "\($0.count) × \($0.answer)" }.joined(separator: ", "))
        }
        lines.append("")
        if learnt.unknowns.isEmpty && scenario.inexact.isEmpty {
            lines.append("Nothing left untold by the evidence.")
        } else {
            lines.append("Cannot tell from the evidence:")
            for unknown in learnt.unknowns { lines.append("  - \(unknown)") }
            for line in scenario.inexact { lines.append("  - the scenario is not exact for \(line)") }
        }
        lines.append("")
        lines.append("Wrote \(profileURL.relativePath) (the profile) and \(scenarioURL.relativePath) (the scenario);")
        lines.append("run it with `postback-harness run \(scenarioURL.relativePath)`.")
        print(lines.joined(separator: "\n"))
    }
}
