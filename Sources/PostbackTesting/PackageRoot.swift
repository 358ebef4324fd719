import Foundation

/// The package under test on disk: the one place tests find `Package.swift`, `fixtures/`,
/// `scenarios/` and the rest of the checkout from.
public enum PackageRoot {
    /// The folder holding both `Package.swift` and `fixtures/`, found by walking up from this
    /// source file's real location (a checkout reached through a symlink included); the current
    /// directory when there is none (a test then fails on the missing file, naming its path).
    public static let url: URL = {
        let files = FileManager.default
        var folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            if files.fileExists(atPath: folder.appendingPathComponent("Package.swift").path)
                && files.fileExists(atPath: folder.appendingPathComponent("fixtures").path)
            {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: files.currentDirectoryPath)
    }()

    /// `relative` (`scenarios/adjust`, `Benchmarks/scale/test.yaml`) inside the package.
    public static func file(_ relative: String) -> URL {
        url.appendingPathComponent(relative)
    }

    /// `fixtures/<relative>` of the package (`tls/ca.pem`, `trackers/keitaro.yaml`).
    public static func fixture(_ relative: String) -> URL {
        url.appendingPathComponent("fixtures").appendingPathComponent(relative)
    }
}
