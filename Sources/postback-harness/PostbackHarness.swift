import ArgumentParser
import Foundation

/// The `postback-harness` command: the reference receiver, tracker simulators and the scenario
/// runner behind one executable.
struct PostbackHarness: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postback-harness",
        abstract: "Make server-to-server conversion postbacks testable.",
        discussion: """
            Exit codes: 0 all passed, 1 a scenario or check failed, 2 invalid input (usage, \
            scenario file, log), 3 runtime error (cannot bind, store unavailable).
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ServeCommand.self, CheckCommand.self, SendCommand.self, ReplayCommand.self,
            LearnCommand.self, LintCommand.self, TrackersCommand.self,
        ]
    )

    /// A bare `postback-harness` names no subcommand: a usage error (exit 2), with the help;
    /// `--help` prints the help and exits 0.
    func run() async throws {
        throw HarnessExit.invalidInput(
            Self.helpMessage() + "\nerror: name a subcommand: run, serve, check, send, replay, learn, lint or trackers")
    }
}

/// The process entry point: maps every outcome onto DESIGN §6's exit codes.
@main
enum Main {
    static func main() async {
        do {
            var command = try PostbackHarness.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as HarnessExit {
            if !exit.message.isEmpty {
                FileHandle.standardError.write(Data((exit.message + "\n").utf8))
            }
            Foundation.exit(exit.code)
        } catch {
            let code = PostbackHarness.exitCode(for: error)
            let message = PostbackHarness.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if let exitCode = error as? ExitCode {
                Foundation.exit(exitCode.rawValue)
            }
            // Usage errors (ArgumentParser's own 64) are "invalid input" here: 2.
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(HarnessExit.invalidInputCode)
        }
    }
}
