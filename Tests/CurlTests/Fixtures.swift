import Foundation

/// The package's `fixtures/` folder, found from this file's real location (the test folder may
/// be reached through a symlink), so it works in any checkout.
enum Fixtures {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The folder holding both `Package.swift` and `fixtures/`, walking up from this file.
    static func packageRoot(from file: String = #filePath) throws -> URL {
        let start = URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent()
        var directory = start
        for _ in 0..<12 {
            let manifest = directory.appendingPathComponent("Package.swift").path
            let fixtures = directory.appendingPathComponent("fixtures").path
            if FileManager.default.fileExists(atPath: manifest) && FileManager.default.fileExists(atPath: fixtures) {
                return directory
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        throw Missing(description: "no folder with Package.swift and fixtures/ above \(start.path)")
    }

    /// The path of `fixtures/tls/<name>`, checked to exist.
    static func tls(_ name: String) throws -> String {
        let path = try packageRoot().appendingPathComponent("fixtures/tls/\(name)").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw Missing(description: "missing fixture \(path): run fixtures/tls/make-certs.sh")
        }
        return path
    }
}
