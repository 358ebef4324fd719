import Foundation
import PostbackTesting

/// The package's TLS fixtures, found through ``PackageRoot``.
enum Fixtures {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The path of `fixtures/tls/<name>`, checked to exist.
    static func tls(_ name: String) throws -> String {
        let path = PackageRoot.fixture("tls/\(name)").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw Missing(description: "missing fixture \(path): run fixtures/tls/make-certs.sh")
        }
        return path
    }
}
