import Foundation
import Trackers

/// Finds and loads the tracker profile a scenario names, once per file for a whole run.
final class ProfileResolver {
    /// What a profile reference resolved to.
    enum Resolution {
        case builtIn(TrackerProfile)
        case file(path: String, Result<TrackerProfile, ScenarioFileErrors>)
        /// Not found: every place looked in, and the names a reference could have meant (the known
        /// trackers, the profile files in those places).
        case notFound(searched: [String], names: [String])
    }

    private let extraDirectories: [URL]
    private var loaded: [String: Result<TrackerProfile, ScenarioFileErrors>] = [:]

    init(extraDirectories: [URL]) {
        self.extraDirectories = extraDirectories
    }

    /// Resolves `reference` as written in the scenario at `scenarioURL`: a built-in profile, else a
    /// profile file beside the scenario, in the extra folders or in a `fixtures/trackers/` folder,
    /// else a profile shipped inside the binary; not found lists every place looked in.
    func resolve(_ reference: String, from scenarioURL: URL) -> Resolution {
        if let profile = TrackerProfile.builtIn(named: reference) { return .builtIn(profile) }
        let names =
            reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
            ? [reference] : [reference + ".yaml", reference + ".yml", reference]
        var searched: [String] = []
        let directories = searchDirectories(for: scenarioURL)
        for directory in directories {
            for name in names {
                let url =
                    name.hasPrefix("/")
                    ? URL(fileURLWithPath: name) : directory.appendingPathComponent(name).standardizedFileURL
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                else {
                    if name == names[0] { searched.append(Self.display(url)) }
                    continue
                }
                let path = Self.display(url)
                if let result = loaded[url.path] { return .file(path: path, result) }
                let result = TrackerProfileLoader.load(url: url, displayPath: path)
                loaded[url.path] = result
                return .file(path: path, result)
            }
            if reference.hasPrefix("/") { break }
        }
        // The shipped profiles the binary carries, wherever it runs from.
        if !reference.contains("/"), let profile = TrackerProfile.shipped(named: Self.stem(of: reference)) {
            return .builtIn(profile)
        }
        var unique: [String] = []
        for path in searched where !unique.contains(path) { unique.append(path) }
        unique.append(
            "the profiles \(TrackerProfile.shippedLocation) (\(TrackerProfile.knownNames.joined(separator: ", ")))")
        let files = directories.flatMap { directory in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .filter { ScenarioLoader.kind(ofFile: directory.appendingPathComponent($0).path) == .profile }
        }
        return .notFound(searched: unique, names: TrackerProfile.knownNames + files.map(Self.stem(of:)))
    }

    private func searchDirectories(for scenarioURL: URL) -> [URL] {
        let scenarioDirectory = scenarioURL.standardizedFileURL.deletingLastPathComponent()
        var directories = [scenarioDirectory] + extraDirectories.map(\.standardizedFileURL)
        var ancestor = scenarioDirectory
        while true {
            let candidate = ancestor.appendingPathComponent("fixtures/trackers")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue
            {
                directories.append(candidate)
                break
            }
            let parent = ancestor.deletingLastPathComponent()
            if parent.path == ancestor.path { break }
            ancestor = parent
        }
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        directories.append(current.appendingPathComponent("fixtures/trackers").standardizedFileURL)
        var unique: [URL] = []
        for directory in directories where !unique.contains(where: { $0.path == directory.path }) {
            unique.append(directory)
        }
        return unique
    }

    /// `name` without a `.yaml`/`.yml` suffix.
    static func stem(of name: String) -> String {
        for suffix in [".yaml", ".yml"] where name.hasSuffix(suffix) { return String(name.dropLast(suffix.count)) }
        return name
    }

    /// A path relative to the current directory when it lies under it, else absolute.
    static func display(_ url: URL) -> String {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let path = url.standardizedFileURL.path
        if path.hasPrefix(current + "/") { return String(path.dropFirst(current.count + 1)) }
        return path
    }
}
