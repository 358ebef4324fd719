import Foundation

/// Finds files of the package under test: walks up from this file to the folder holding
/// `Package.swift`.
enum PackageRoot {
    static let url: URL = {
        var directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory
            }
            directory = directory.deletingLastPathComponent()
        }
        return directory
    }()

    /// `fixtures/trackers/<name>` of the package.
    static func trackerFixture(_ name: String) -> URL {
        url.appendingPathComponent("fixtures/trackers").appendingPathComponent(name)
    }
}
