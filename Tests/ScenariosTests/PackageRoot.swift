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

    /// `Tests/ScenariosTests/Fixtures/<path>` of the package.
    static func fixture(_ path: String) -> URL {
        url.appendingPathComponent("Tests/ScenariosTests/Fixtures").appendingPathComponent(path)
    }
}
