import Foundation
import Testing

/// The PostgreSQL server of the tests: `POSTBACK_TEST_POSTGRES_URL`, set by `.ci/run` after
/// `scripts/start-test-postgres`. Tests that need it are skipped, saying why, when it is unset.
enum TestPostgres {
    static let url = ProcessInfo.processInfo.environment["POSTBACK_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// The trait that skips a test when no server is configured.
    static let available = Testing.ConditionTrait.enabled(
        if: url != nil,
        "no PostgreSQL server: set POSTBACK_TEST_POSTGRES_URL (scripts/start-test-postgres prints one)")

    /// The server's URL with a fresh schema of its own, so that tests running at once do not
    /// see each other's campaigns.
    static func freshURL() throws -> String {
        let base = try #require(url, "POSTBACK_TEST_POSTGRES_URL is not set")
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        return base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
    }
}
