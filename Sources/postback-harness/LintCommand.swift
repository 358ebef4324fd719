import ArgumentParser
import Foundation
import Scenarios
import Trackers

/// `postback-harness lint`: checks scenario and tracker profile files without running them,
/// reporting every error of every file at file:line:column.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check scenario and tracker profile files without running them.",
        discussion: """
            Files or folders (searched recursively for .yaml/.yml). A file whose top-level keys \
            are a tracker profile's (click_param, syntax, macros, …) and none of a scenario's \
            (campaigns, clicks, trackers, traffic, expect) is checked as a profile; any other as \
            a scenario, together with the profile files it uses. Every error is printed on \
            stderr as file:line:column. Exit 0 when all are clean, 2 when any has an error.
            """
    )

    @Argument(help: "Scenario or profile files, or folders.")
    var paths: [String] = ["scenarios/"]

    func run() throws {
        let files: [String]
        do {
            files = try ScenarioLoader.scenarioFiles(in: paths)
        } catch {
            throw HarnessExit.invalidInput(error.errors.map(\.description).joined(separator: "\n"))
        }
        guard !files.isEmpty else {
            // As `run`: nothing to check is the input's error, not a clean result.
            throw HarnessExit.invalidInput(
                "error: no scenario or profile file (.yaml, .yml) in \(paths.joined(separator: " "))")
        }
        let loader = ScenarioLoader()
        var errors: [ScenarioFileError] = []
        var failingFiles: Set<String> = []
        var reported: Set<String> = []
        var scenarioCount = 0
        var profileCount = 0
        for file in files {
            let found: [ScenarioFileError]
            switch ScenarioLoader.kind(ofFile: file) {
            case .scenario:
                scenarioCount += 1
                found = loader.check(path: file).errors
            case .profile:
                profileCount += 1
                switch TrackerProfileLoader.load(url: URL(fileURLWithPath: file), displayPath: file) {
                case .success: found = []
                case .failure(let failure): found = failure.errors
                }
            }
            // One error once, however its file was named (`./x.yaml` given, `x.yaml` used by a scenario).
            for error in found {
                let file = URL(fileURLWithPath: error.file).standardizedFileURL.path
                guard reported.insert("\(file):\(error.line):\(error.column):\(error.message)").inserted else {
                    continue
                }
                errors.append(error)
                failingFiles.insert(file)
            }
        }
        let checked =
            "checked \(files.count) \(files.count == 1 ? "file" : "files") (\(scenarioCount) \(scenarioCount == 1 ? "scenario" : "scenarios"), \(profileCount) \(profileCount == 1 ? "profile" : "profiles"))"
        guard !errors.isEmpty else {
            print("\(checked): no errors")
            return
        }
        print(
            "\(checked): \(errors.count) \(errors.count == 1 ? "error" : "errors") in \(failingFiles.count) \(failingFiles.count == 1 ? "file" : "files")"
        )
        throw HarnessExit.invalidInput(errors.map(\.description).joined(separator: "\n"))
    }
}
