import ArgumentParser
import Foundation
import Logging
import Scenarios
import Trackers

/// `postback-harness run`: plays scenario files against embedded receivers and checks the
/// statistics they expect.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenario files or folders against an embedded receiver.",
        discussion: "Exit 0 when every scenario passed, 1 when one failed, 2 for an invalid scenario file."
    )

    @Argument(help: "Scenario files or folders (searched recursively for .yaml/.yml).")
    var paths: [String] = ["scenarios/"]

    @Option(help: "Run only scenarios whose name matches this regular expression.")
    var filter: String?

    @Option(name: .customLong("tag"), help: "Run only scenarios with this tag (repeatable; any of them).")
    var tags: [String] = []

    @Option(help: "Scenarios run at once, each with its own receiver (default: the number of cores).")
    var parallel: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print every send's request and answer.")
    var verbose = false

    @Flag(help: "Print only failures and the summary.")
    var quiet = false

    func validate() throws {
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1, got \(parallel)") }
        if let filter, (try? Regex(filter)) == nil {
            throw ValidationError("--filter '\(filter)' is not a valid regular expression")
        }
        if verbose && quiet { throw ValidationError("--verbose and --quiet exclude each other") }
    }

    func run() async throws {
        let scenarios: [Scenario]
        do {
            scenarios = try ScenarioLoader().loadAll(paths: paths)
        } catch {
            throw HarnessExit.invalidInput(error.errors.map(\.description).joined(separator: "\n"))
        }
        let selected = try select(scenarios)
        guard !selected.isEmpty else {
            throw HarnessExit.invalidInput(
                "error: no scenario to run in \(paths.joined(separator: " "))"
                    + (filter != nil || !tags.isEmpty ? " with the given --filter/--tag" : ""))
        }
        var logger = Logger(label: "postback-harness.run")
        logger.logLevel = .error
        let runner: ScenarioRunner
        do {
            runner = ScenarioRunner(configuration: try .embedded(logger: logger))
        } catch {
            throw HarnessExit.runtime("error: cannot write the test certificates: \(error)")
        }
        let report = TextReport(verbose: verbose)
        let start = ContinuousClock.now
        let results = await runInOrder(selected, runner: runner) { result in
            if !quiet || !result.passed {
                print(report.render(result))
                fflush(nil)
            }
        }
        print(report.summary(results, elapsed: ContinuousClock.now - start))
        if let runtime = results.first(where: \.isRuntimeError) {
            throw HarnessExit.runtime("error: \(runtime.name): \(runtime.error ?? "runtime error")")
        }
        if results.contains(where: { !$0.passed }) {
            throw HarnessExit.failed()
        }
    }

    private func select(_ scenarios: [Scenario]) throws -> [Scenario] {
        let regex = try filter.map { try Regex($0) }
        return scenarios.filter { scenario in
            if let regex, (try? regex.firstMatch(in: scenario.name)) == nil { return false }
            if !tags.isEmpty, !scenario.tags.contains(where: tags.contains) { return false }
            return true
        }
    }

    /// Runs up to `parallel` scenarios at once and reports them in input order.
    private func runInOrder(
        _ scenarios: [Scenario], runner: ScenarioRunner, report: (ScenarioResult) -> Void
    ) async -> [ScenarioResult] {
        await withTaskGroup(of: (Int, ScenarioResult).self) { group in
            var next = 0
            var finished: [Int: ScenarioResult] = [:]
            var reported = 0
            var results: [ScenarioResult] = []
            while next < min(parallel, scenarios.count) {
                let index = next
                group.addTask { (index, await runner.run(scenarios[index])) }
                next += 1
            }
            while let (index, result) = await group.next() {
                finished[index] = result
                while let ready = finished.removeValue(forKey: reported) {
                    report(ready)
                    results.append(ready)
                    reported += 1
                }
                if next < scenarios.count {
                    let index = next
                    group.addTask { (index, await runner.run(scenarios[index])) }
                    next += 1
                }
            }
            return results
        }
    }
}
