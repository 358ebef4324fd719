import Foundation

/// Files under the package's `fixtures/` folder, found by walking up from this source file to
/// the folder that holds both `Package.swift` and `fixtures/` (symlinked dev packages included).
enum PackageFixtures {
    static let root: URL = {
        var folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let files = FileManager.default
        for _ in 0..<12 {
            if files.fileExists(atPath: folder.appendingPathComponent("Package.swift").path)
                && files.fileExists(atPath: folder.appendingPathComponent("fixtures").path)
            {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    static func path(_ relative: String) -> String {
        root.appendingPathComponent("fixtures").appendingPathComponent(relative).path
    }
}
