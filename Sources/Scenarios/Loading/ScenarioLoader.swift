import Foundation
import Trackers

/// Loads scenario files (DESIGN §5) with every error at file:line:column.
///
/// Parsing goes through `Yams.compose` and a hand-written walk of the node tree, so that unknown
/// keys, wrong types, missing keys, bad enum values, bad decimals and dangling references
/// (an undeclared tracker or campaign, a profile that does not exist) are all reported with
/// their position — every one of them, not only the first.
///
/// Tracker profiles: `appsflyer`, `adjust`, `voluum` are built in; anything else names a
/// profile file, looked up relative to the scenario's folder, then in ``profileDirectories``,
/// then in the `fixtures/trackers/` folder of the nearest enclosing folder that has one, then
/// in `fixtures/trackers/` under the current directory; `.yaml` may be left out.
public struct ScenarioLoader: Sendable {
    /// The keys of a scenario file.
    public static let keys = [
        "name", "tags", "campaigns", "clicks", "trackers", "traffic", "time_scale", "seed", "receiver", "expect",
    ]

    /// Folders searched for profile files after the scenario's own folder.
    public var profileDirectories: [URL]

    public init(profileDirectories: [URL] = []) {
        self.profileDirectories = profileDirectories
    }

    /// Loads the scenario at `path` (named as given in errors); throws ``ScenarioFileErrors``
    /// with every error found, in position order.
    public func load(path: String) throws(ScenarioFileErrors) -> Scenario {
        let result = check(path: path)
        if let scenario = result.scenario { return scenario }
        throw ScenarioFileErrors(result.errors)
    }

    /// Loads a scenario from YAML text; `file` names it in errors and locates relative profile files.
    public func load(yaml: String, file: String) throws(ScenarioFileErrors) -> Scenario {
        let decoder = ScenarioDecoder(
            reader: YAMLReader(file: file, text: yaml), fileURL: URL(fileURLWithPath: file),
            profiles: ProfileResolver(extraDirectories: profileDirectories))
        let result = decoder.decode()
        if let scenario = result.scenario { return scenario }
        throw ScenarioFileErrors(result.errors)
    }

    /// Loads the scenario at `path` without throwing: the scenario when it is valid, and every
    /// error (for `lint`).
    public func check(path: String) -> ScenarioCheck {
        check(path: path, profiles: ProfileResolver(extraDirectories: profileDirectories))
    }

    /// Loads every scenario file under `paths` (files, or folders searched recursively for
    /// `.yaml`/`.yml`, in path order); throws ``ScenarioFileErrors`` with the errors of every file.
    /// A tracker profile file among them (``kind(ofFile:)``) is not a scenario: it is loaded when a
    /// scenario names it, as `lint` checks it.
    public func loadAll(paths: [String]) throws(ScenarioFileErrors) -> [Scenario] {
        let files = try Self.scenarioFiles(in: paths).filter { Self.kind(ofFile: $0) == .scenario }
        let profiles = ProfileResolver(extraDirectories: profileDirectories)
        var scenarios: [Scenario] = []
        var errors: [ScenarioFileError] = []
        for file in files {
            let result = check(path: file, profiles: profiles)
            if let scenario = result.scenario { scenarios.append(scenario) }
            for error in result.errors where !errors.contains(error) { errors.append(error) }
        }
        if !errors.isEmpty { throw ScenarioFileErrors(errors) }
        return scenarios
    }

    /// The scenario files under `paths`: files as given, folders searched recursively for
    /// `.yaml` and `.yml` files, sorted; each file once. A path that does not exist is an error.
    public static func scenarioFiles(in paths: [String]) throws(ScenarioFileErrors) -> [String] {
        var files: [String] = []
        var errors: [ScenarioFileError] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                errors.append(ScenarioFileError(file: path, line: 0, column: 0, message: "no such file or folder"))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let found = (manager.subpathsOfDirectory(atPath: path, fallback: []))
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .sorted()
                // `lint .` names `x.yaml` as the scenarios that use it do, not `./x.yaml`.
                .map { path == "." ? $0 : (path as NSString).appendingPathComponent($0) }
            files.append(contentsOf: found)
        }
        if !errors.isEmpty { throw ScenarioFileErrors(errors) }
        // A file named twice (`scenarios/` and `scenarios/receiver/05-duplicates.yaml`) runs once,
        // where it first came.
        var seen: Set<String> = []
        return files.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
    }

    /// What a `.yaml` file holds.
    public enum FileKind: Sendable, Hashable {
        case scenario
        case profile
    }

    /// Keys only a scenario has at its top level.
    static let scenarioOnlyKeys: Set<String> = [
        "campaigns", "clicks", "trackers", "traffic", "expect", "time_scale", "seed",
    ]

    /// The one rule by which `run` and `lint` tell the files of a folder apart: a file is a tracker
    /// profile when its top-level keys include a profile's (`click_param`, `syntax`, `macros`, …)
    /// and none of a scenario's (`campaigns`, `clicks`, `trackers`, `traffic`, `expect`); any other
    /// file is a scenario. So a profile may sit beside the scenarios that use it.
    public static func kind(ofFile file: String) -> FileKind {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return .scenario }
        var keys: Set<String> = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let first = line.unicodeScalars.first, first.properties.isAlphabetic || first == "_",
                let colon = line.firstIndex(of: ":")
            else { continue }
            keys.insert(String(line[..<colon]).trimmingCharacters(in: .whitespaces))
        }
        if !keys.isDisjoint(with: scenarioOnlyKeys) { return .scenario }
        let profileKeys = Set(TrackerProfileLoader.keys).subtracting(["name"])
        return keys.isDisjoint(with: profileKeys) ? .scenario : .profile
    }

    private func check(path: String, profiles: ProfileResolver) -> ScenarioCheck {
        switch YAMLReader.read(URL(fileURLWithPath: path), displayPath: path) {
        case .failure(let error):
            return ScenarioCheck(scenario: nil, errors: [error])
        case .success(let reader):
            let decoder = ScenarioDecoder(reader: reader, fileURL: URL(fileURLWithPath: path), profiles: profiles)
            return decoder.decode()
        }
    }
}

extension FileManager {
    fileprivate func subpathsOfDirectory(atPath path: String, fallback: [String]) -> [String] {
        (try? subpathsOfDirectory(atPath: path)) ?? fallback
    }
}
