import Foundation
import Scenarios
import Synchronization

/// What `run` prints while it runs.
///
/// On a terminal: the blocks of failing (and, with `--verbose`, every) scenario as they come,
/// under them a live progress line — done/total, failures so far, elapsed — redrawn in place
/// several times a second. Elsewhere (a pipe, a CI log): one line per scenario, no escapes.
/// `--quiet` keeps only failures. Everything goes to standard output, written at once.
final class RunConsole: Sendable {
    enum Mode {
        /// One line per scenario.
        case lines
        /// Failures as they come and a live progress line.
        case progress
    }

    private struct State {
        var done = 0
        var failed = 0
        var lineShown = false
    }

    let mode: Mode
    let quiet: Bool
    let verbose: Bool
    let total: Int
    let report: TextReport
    private let start = ContinuousClock.now
    private let state = Mutex(State())

    init(mode: Mode, quiet: Bool, verbose: Bool, total: Int, report: TextReport) {
        self.mode = mode
        self.quiet = quiet
        self.verbose = verbose
        self.total = total
        self.report = report
    }

    /// Whether standard output is a terminal.
    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Whether to colour: a terminal, and `NO_COLOR` unset or empty (no-color.org).
    static var colourWanted: Bool {
        standardOutputIsTerminal && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    /// Writes `text` to standard output at once.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Takes note of a finished scenario (in report order) and prints what the mode shows of it.
    func finished(_ result: ScenarioResult) {
        state.withLock { state in
            state.done += 1
            if result.failed { state.failed += 1 }
            let show: Bool
            switch mode {
            case .lines: show = !quiet || result.failed
            case .progress: show = result.failed || verbose || (result.skipReason != nil && !quiet)
            }
            var text = ""
            if state.lineShown { text += "\r\u{1B}[K" }
            if show { text += report.render(result) + "\n" }
            if mode == .progress {
                text += progressLine(state)
                state.lineShown = true
            }
            Self.write(text)
        }
    }

    /// Redraws the progress line (for the elapsed time) on a terminal.
    func tick() {
        guard mode == .progress else { return }
        state.withLock { state in
            Self.write((state.lineShown ? "\r\u{1B}[K" : "") + progressLine(state))
            state.lineShown = true
        }
    }

    /// Removes the progress line before the summary.
    func clear() {
        state.withLock { state in
            if state.lineShown { Self.write("\r\u{1B}[K") }
            state.lineShown = false
        }
    }

    /// Redraws the progress line until `body` returns, then removes it.
    func showingProgress<T: Sendable>(_ body: () async -> T) async -> T {
        guard mode == .progress else { return await body() }
        let ticker = Task {
            tick()
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                if !Task.isCancelled { tick() }
            }
        }
        let value = await body()
        ticker.cancel()
        _ = await ticker.value
        clear()
        return value
    }

    private func progressLine(_ state: State) -> String {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let failures = state.failed == 0 ? "0 failed" : report.paint("\(state.failed) failed", .red)
        return "[\(state.done)/\(total)] \(failures), \(String(format: "%.1fs", seconds))"
    }
}
