import Foundation
import PostbackTesting

extension PackageRoot {
    /// `Tests/ScenariosTests/Fixtures/<path>` of the package.
    static func scenarioFixture(_ path: String) -> URL {
        file("Tests/ScenariosTests/Fixtures").appendingPathComponent(path)
    }
}
