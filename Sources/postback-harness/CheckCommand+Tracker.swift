import Foundation
import Trackers

/// Resolves `--tracker NAME` for `check` and `send`: a built-in profile, or a custom profile file
/// given as a path or as a name under `fixtures/trackers/`.
enum TrackerArgument {
    static func profile(named name: String) throws -> TrackerProfile {
        if let profile = TrackerProfile.builtIn(named: name) { return profile }
        let candidates =
            name.hasSuffix(".yaml") || name.hasSuffix(".yml")
            ? [name] : [name, "fixtures/trackers/\(name).yaml", "fixtures/trackers/\(name).yml"]
        for path in candidates {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            do {
                return try TrackerProfileLoader.load(path: path)
            } catch {
                throw HarnessExit.invalidInput(error.errors.map(\.description).joined(separator: "\n"))
            }
        }
        throw HarnessExit.invalidInput(
            "error: unknown tracker '\(name)': use \(TrackerProfile.builtInNames.joined(separator: ", ")), or a "
                + "custom profile file (a path, or a name under fixtures/trackers/)")
    }
}
