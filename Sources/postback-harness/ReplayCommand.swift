import ArgumentParser
import Foundation
import Logging
import PostbackCore
import Scenarios

/// `postback-harness replay`: replays a reported log against a receiver, a verdict per line.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a log of postbacks (access log, URL list, HAR) against a receiver.",
        discussion: """
            Each postback is sent with its exact method, request target and body. Exit 0 when every \
            line was read and every postback accepted (or answered duplicate or status_updated); 1 when \
            a postback was rejected or not delivered, or a line could not be read (each is listed with \
            its line number); 2 for invalid input (a missing file, a log in no known format, a HAR that \
            is not JSON, a bad --clicks or --campaigns file); 3 when the receiver cannot be reached.
            """
    )

    /// `--format`.
    enum FormatArgument: String, ExpressibleByArgument, CaseIterable {
        case auto, combined, json, alb, urls, har, export, appmetrica
    }

    @Argument(
        help:
            "The log: an access log (nginx/Apache combined, nginx JSON, Cloudflare JSON, AWS ALB), URLs, HAR, or the receiver's export."
    )
    var log: String

    @Option(
        help:
            "auto (detect), combined (nginx/Apache), json (nginx JSON, Cloudflare), alb (AWS), urls, har, export (GET /api/postbacks), or appmetrica (its postbacks export)."
    )
    var format: FormatArgument = .auto

    @Option(help: "embedded (a receiver started for the replay) or a running receiver's base URL.")
    var receiver = "embedded"

    @Option(
        name: .customLong("admin-token"),
        help: "Admin token of the --receiver (also read from POSTBACK_ADMIN_TOKEN).")
    var adminToken: String?

    @Option(help: "CSV of issued clicks: campaign_id,click_id[,created_at].")
    var clicks: String?

    @Flag(name: .customLong("assume-issued"), help: "Treat every click id in the log as issued by its campaign.")
    var assumeIssued = false

    @Option(help: "YAML of the campaigns (the scenario's campaigns: shape); default: inferred, active, cpi, payout 0.")
    var campaigns: String?

    @Option(name: .customLong("emit-scenario"), help: "Write a scenario that reproduces the same statistics.")
    var emitScenario: String?

    func validate() throws {
        if clicks != nil && assumeIssued { throw ValidationError("give --clicks FILE or --assume-issued, not both") }
        if receiver != "embedded" {
            guard let url = URL(string: receiver), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError(
                    "--receiver '\(receiver)' is not 'embedded' or a URL such as http://127.0.0.1:8080")
            }
        }
    }

    func run() async throws {
        let text = try Self.read(log, what: "log")
        let parsed: ParsedLog
        var given: [Campaign]?
        var writtenAmounts: [String] = []
        var clickRecords: [ClickRecord] = []
        do {
            parsed = try LogParser.parse(
                text, file: log, format: format == .auto ? nil : LogFormat(rawValue: format.rawValue))
            if let campaigns { (given, writtenAmounts) = try CampaignsFile.load(path: campaigns) }
            if let clicks {
                clickRecords = try ClicksFile.parse(try Self.read(clicks, what: "clicks file"), file: clicks)
            }
        } catch let error as ReplayInputError {
            throw HarnessExit.invalidInput("error: \(error.message)")
        }
        if receiver != "embedded" {
            // As `run --receiver`: a receiver that cannot be reached is a runtime error (3), an
            // address or admin token it refuses is the input's (2), before anything is sent.
            var external: ExternalReceiver
            do {
                external = try ExternalReceiver(
                    url: receiver,
                    adminToken: adminToken ?? ProcessInfo.processInfo.environment["POSTBACK_ADMIN_TOKEN"])
            } catch {
                throw HarnessExit.invalidInput("error: \(error.message)")
            }
            try await external.requireReady()
        }
        let target: LogReplay.Target =
            receiver == "embedded"
            ? .embedded
            : .receiver(
                baseURL: receiver, adminToken: adminToken ?? ProcessInfo.processInfo.environment["POSTBACK_ADMIN_TOKEN"]
            )
        let replay = LogReplay(
            log: parsed, campaigns: given, clicks: clickRecords, assumeIssued: assumeIssued, target: target)
        var logger = Logger(label: "postback-harness.replay")
        logger.logLevel = .error
        let report: ReplayReport
        do {
            report = try await replay.run(logger: logger)
        } catch let error as ReplayInputError {
            throw HarnessExit.invalidInput("error: \(error.message)")
        } catch {
            throw HarnessExit.runtime("error: the replay could not run against \(receiver): \(error)")
        }
        for note in parsed.unparsable {
            let place =
                parsed.format.unit == "line" ? "\(log):\(note.line)" : "\(log): \(parsed.format.unit) \(note.line)"
            FileHandle.standardError.write(Data("warning: \(place): \(note.message)\n".utf8))
        }
        print(
            ReplayText(
                log: log, parsed: parsed, report: report, receiver: receiver, campaignsFile: campaigns,
                clicksFile: clicks, assumeIssued: assumeIssued
            ).text)
        if let emitScenario {
            let emitter = ScenarioEmitter(
                report: report, logName: (log as NSString).lastPathComponent, unit: parsed.format.unit,
                writtenAmounts: writtenAmounts)
            do {
                try emitter.yaml().write(toFile: emitScenario, atomically: true, encoding: .utf8)
            } catch {
                throw HarnessExit.runtime(
                    "error: cannot write the scenario '\(emitScenario)': \(error.localizedDescription)")
            }
            for line in emitter.inexactLines {
                FileHandle.standardError.write(Data("warning: the scenario is not exact for \(line)\n".utf8))
            }
            print("\nWrote \(emitScenario): run it with `postback-harness run \(emitScenario)`.")
        }
        let allDelivered = report.outcomes.allSatisfy(\.isDelivered)
        if !allDelivered || !parsed.unparsable.isEmpty { throw HarnessExit.failed() }
    }

    static func read(_ path: String, what: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw HarnessExit.invalidInput("error: cannot read \(what) '\(path)': no such file")
        }
        guard !isDirectory.boolValue else {
            throw HarnessExit.invalidInput("error: cannot read \(what) '\(path)': it is a folder; give the file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HarnessExit.invalidInput("error: cannot read \(what) '\(path)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw HarnessExit.invalidInput("error: \(what) '\(path)' is not UTF-8 text")
        }
        return text
    }
}
