import ArgumentParser
import Foundation
import Logging
import Scenarios
import Trackers

/// `postback-harness run`: plays scenario files against embedded receivers (or one external
/// receiver) and checks the statistics they expect.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenario files or folders against an embedded receiver, or an external one.",
        discussion: """
            Exit 0 when every scenario passed, 1 when one failed, when every selected scenario was \
            skipped or when more were skipped than --allow-skipped permits, 2 for invalid input (a \
            scenario file, an option), 3 for a runtime error (cannot bind, the external receiver \
            cannot be reached). See docs/qa.md.
            """
    )

    @Argument(help: "Scenario files or folders (searched recursively for .yaml/.yml).")
    var paths: [String] = ["scenarios/"]

    @Option(help: "Run only scenarios whose name matches this regular expression (ignoring case).")
    var filter: String?

    @Option(
        name: .customLong("tag"), help: "Run only scenarios with this tag (repeatable; any of them; ignoring case).")
    var tags: [String] = []

    @Flag(help: "Print the scenarios that would run, and exit.")
    var list = false

    @Option(help: "Scenarios run at once, each with its own receiver (default: the number of cores).")
    var parallel: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .customLong("fail-fast"), help: "Start no further scenario after the first failure.")
    var failFast = false

    @Option(help: "Run each scenario N times (to shake out flaky setups).")
    var `repeat`: Int = 1

    @Option(
        name: .customLong("allow-skipped"),
        help: ArgumentHelp(
            "Skipped scenario runs the run may have and still pass (default 0); a run that skipped everything fails.",
            valueName: "n"))
    var allowSkipped: Int = 0

    @Option(
        name: .customLong("report"),
        help: ArgumentHelp(
            "Also write a report: junit:FILE, json:FILE or html:DIR (repeatable, or several separated by commas).",
            valueName: "kind:path"))
    var reports: [String] = []

    @Flag(help: "Print every scenario, and every send's request and answer.")
    var verbose = false

    @Flag(help: "Print only failures and the summary.")
    var quiet = false

    @Option(
        help: ArgumentHelp(
            "Run against this receiver (http://host:port) instead of an embedded one per scenario.",
            valueName: "url"))
    var receiver: String?

    @Option(
        name: .customLong("admin-token"),
        help: "Bearer token for the external receiver's admin API (also read from POSTBACK_ADMIN_TOKEN).")
    var adminToken: String?

    @Option(
        name: .customLong("receiver-tls-port"),
        help: "The external receiver's TLS port, for https:// postbacks (verified as clickwall.net).")
    var receiverTLSPort: Int?

    @Option(
        name: .customLong("receiver-ca"),
        help: "CA (PEM) the external receiver's certificates are verified against (default: the test CA).")
    var receiverCA: String?

    @Option(
        name: .customLong("run-id"),
        help: "Prefix of this run's campaign ids on the external receiver (default: random).")
    var runID: String?

    @Flag(
        help: ArgumentHelp(
            "With --receiver: also run each scenario against the embedded reference receiver and report, rule by "
                + "rule of DESIGN §3, where the receiver under test answered differently (exit 1 if it did)."))
    var differential = false

    @Flag(help: "With --receiver: keep this run's campaigns on the receiver instead of removing them afterwards.")
    var keep = false

    func validate() throws {
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1, got \(parallel)") }
        guard (1...10_000).contains(`repeat`) else {
            throw ValidationError("--repeat must be 1…10000, got \(`repeat`)")
        }
        if let filter, (try? Regex(filter)) == nil {
            throw ValidationError("--filter '\(filter)' is not a valid regular expression")
        }
        guard allowSkipped >= 0 else { throw ValidationError("--allow-skipped must be 0 or more, got \(allowSkipped)") }
        if verbose && quiet { throw ValidationError("--verbose and --quiet exclude each other") }
        let targets: [ReportTarget]
        do {
            targets = try ReportTarget.parseAll(reports)
        } catch {
            throw ValidationError(error.message)
        }
        for target in targets {
            if let problem = target.problem() { throw ValidationError(problem) }
        }
        if receiver == nil {
            let external = [
                ("--admin-token", adminToken != nil), ("--receiver-tls-port", receiverTLSPort != nil),
                ("--receiver-ca", receiverCA != nil), ("--run-id", runID != nil), ("--differential", differential),
                ("--keep", keep),
            ]
            if let given = external.first(where: \.1) {
                throw ValidationError("\(given.0) goes with --receiver URL")
            }
        }
    }

    func run() async throws {
        let scenarios: [Scenario]
        do {
            scenarios = try ScenarioLoader().loadAll(paths: paths)
        } catch {
            throw HarnessExit.invalidInput(error.errors.map(\.description).joined(separator: "\n"))
        }
        let selection = ScenarioSelection(filter: filter, tags: tags)
        let selected = try selection.select(scenarios)
        guard !selected.isEmpty else {
            throw HarnessExit.invalidInput(selection.nothingSelected(from: scenarios, in: paths))
        }
        if list {
            printList(selected)
            return
        }
        let targets = (try? ReportTarget.parseAll(reports)) ?? []
        let runner = try await makeRunner()
        let jobs = selected.flatMap { scenario in (1...`repeat`).map { (scenario, $0) } }
        let colored = RunConsole.colourWanted
        let console = RunConsole(
            mode: RunConsole.standardOutputIsTerminal ? .progress : .lines, quiet: quiet, verbose: verbose,
            total: jobs.count, report: TextReport(verbose: verbose, colored: colored))
        let started = Date()
        let start = ContinuousClock.now
        let results = await console.showingProgress {
            await runInOrder(jobs, runner: runner) { console.finished($0) }
        }
        let elapsed = ContinuousClock.now - start
        if let external = runner.configuration.external, !keep {
            await removeCampaigns(of: external)
        }
        RunConsole.write(
            TextReport(colored: colored).summary(results, elapsed: elapsed, notRun: jobs.count - results.count) + "\n")
        for target in targets {
            do {
                try target.write(results, elapsed: elapsed, started: started)
            } catch {
                throw HarnessExit.runtime("error: cannot write --report \(target): \(error.localizedDescription)")
            }
        }
        if let runtime = results.first(where: \.isRuntimeError) {
            throw HarnessExit.runtime("error: \(runtime.name): \(runtime.error ?? "runtime error")")
        }
        var conforming = true
        if differential {
            let conformance = ConformanceReport(results: results)
            RunConsole.write(conformance.text() + "\n")
            conforming = conformance.isConforming
        }
        let skips = SkipAllowance(allowed: allowSkipped).violation(in: results)
        if results.contains(where: \.failed) || skips != nil || !conforming {
            throw HarnessExit.failed(skips ?? "")
        }
    }

    /// The runner: embedded receivers, or the external one once it answered.
    private func makeRunner() async throws -> ScenarioRunner {
        var logger = Logger(label: "postback-harness.run")
        logger.logLevel = .error
        var configuration: RunnerConfiguration
        do {
            configuration = try .embedded(logger: logger)
        } catch {
            throw HarnessExit.runtime("error: cannot write the test certificates: \(error)")
        }
        guard let receiver else { return ScenarioRunner(configuration: configuration) }
        var external: ExternalReceiver
        do {
            external = try ExternalReceiver(
                url: receiver,
                adminToken: adminToken ?? ProcessInfo.processInfo.environment["POSTBACK_ADMIN_TOKEN"],
                tlsPort: receiverTLSPort, caFile: receiverCA ?? configuration.caFile,
                runID: runID ?? ExternalReceiver.makeRunID())
        } catch {
            throw HarnessExit.invalidInput("error: \(error.message)")
        }
        try await external.requireReady()
        configuration.external = external
        configuration.differential = differential
        return ScenarioRunner(configuration: configuration)
    }

    /// Removes the run's namespaced campaigns from the external receiver; a failure is a
    /// warning on stderr (the scenarios' outcome stands).
    private func removeCampaigns(of external: ExternalReceiver) async {
        do {
            _ = try await external.removeRunCampaigns()
        } catch {
            FileHandle.standardError.write(
                Data(
                    ("warning: the campaigns of this run (ids starting with \(external.campaignPrefix)) stay on the "
                        + "receiver: \(error.message); give --keep to keep them on purpose\n").utf8))
        }
    }

    /// `--list`: one line per scenario that would run, then how many runs that makes.
    private func printList(_ scenarios: [Scenario]) {
        var text = ""
        for scenario in scenarios {
            text += "\(scenario.name)  (\(scenario.file))"
            if !scenario.tags.isEmpty { text += "  [\(scenario.tags.joined(separator: ", "))]" }
            text += "\n"
        }
        let noun = scenarios.count == 1 ? "scenario" : "scenarios"
        text += "\(scenarios.count) \(noun) would run"
        if `repeat` > 1 { text += ", each \(`repeat`) times (\(scenarios.count * `repeat`) runs)" }
        RunConsole.write(text + "\n")
    }

    /// Runs up to `parallel` scenario runs at once and reports them in input order; with
    /// `--fail-fast`, starts none after the first failure (those running finish and count).
    private func runInOrder(
        _ jobs: [(Scenario, Int)], runner: ScenarioRunner, report: (ScenarioResult) -> Void
    ) async -> [ScenarioResult] {
        let repetitions = `repeat`
        return await withTaskGroup(of: (Int, ScenarioResult).self) { group in
            var next = 0
            var finished: [Int: ScenarioResult] = [:]
            var reported = 0
            var results: [ScenarioResult] = []
            var stopped = false
            func start() {
                let index = next
                let (scenario, repetition) = jobs[index]
                group.addTask {
                    var result = await runner.run(scenario)
                    result.repetition = repetition
                    result.repetitions = repetitions
                    return (index, result)
                }
                next += 1
            }
            while next < min(parallel, jobs.count) { start() }
            while let (index, result) = await group.next() {
                finished[index] = result
                if failFast && result.failed { stopped = true }
                while let ready = finished.removeValue(forKey: reported) {
                    report(ready)
                    results.append(ready)
                    reported += 1
                }
                if !stopped && next < jobs.count { start() }
            }
            return results
        }
    }
}
