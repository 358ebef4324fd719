import Foundation
import Trackers

/// Resolves `--tracker NAME` for `check`, `send` and `trackers`: a built-in profile, a custom
/// profile file given as a path, a name under `fixtures/trackers/` of the current folder, or a
/// profile shipped inside the binary (found from any folder).
enum TrackerArgument {
    static func profile(named name: String) throws -> TrackerProfile {
        if let profile = TrackerProfile.builtIn(named: name) { return profile }
        let isFile = name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.contains("/")
        let candidates = isFile ? [name] : ["fixtures/trackers/\(name).yaml", "fixtures/trackers/\(name).yml"]
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
        if !isFile, let profile = TrackerProfile.shipped(named: name) { return profile }
        let current = FileManager.default.currentDirectoryPath
        let looked = candidates.map { $0.hasPrefix("/") ? $0 : "\(current)/\($0)" }
        var message =
            "error: unknown tracker '\(name)': looked for \(looked.joined(separator: ", "))"
            + (isFile ? "" : " and among the profiles \(TrackerProfile.shippedLocation)")
            + "; known trackers: \(TrackerProfile.knownNames.joined(separator: ", ")), or give a profile file's path"
        if let nearest = NearestName.find(name, in: TrackerProfile.knownNames) {
            message += "; did you mean '\(nearest)'?"
        }
        throw HarnessExit.invalidInput(message)
    }
}
