import Testing

@testable import Scenarios

/// When skipped scenarios fail a run: always when nothing else ran, otherwise when there are
/// more than the allowance.
struct SkipAllowanceTests {
    static let passed = ScenarioResult(name: "ran", file: "s/a.yaml", tags: [])
    static func skipped(_ name: String, _ reason: String) -> ScenarioResult {
        ScenarioResult(name: name, file: "s/\(name).yaml", tags: [], skipReason: reason)
    }

    @Test("no skip, no violation")
    func noSkip() {
        #expect(SkipAllowance().violation(in: [Self.passed]) == nil)
    }

    @Test("more skips than allowed fail the run, each reason with the scenarios it skipped")
    func overAllowance() throws {
        let results = [Self.passed, Self.skipped("b", "needs tls"), Self.skipped("c", "needs tls")]
        let violation = try #require(SkipAllowance(allowed: 1).violation(in: results))
        #expect(
            violation == """
                error: 2 scenario runs were skipped, more than --allow-skipped 1 permits:
                  2 skipped: needs tls
                      b (s/b.yaml)
                      c (s/c.yaml)
                  give --allow-skipped 2 to accept these skips
                """)
        #expect(SkipAllowance(allowed: 2).violation(in: results) == nil)
    }

    @Test("a run in which everything was skipped fails whatever the allowance")
    func everythingSkipped() throws {
        let results = [Self.skipped("b", "needs tls"), Self.skipped("c", "fault x")]
        let violation = try #require(SkipAllowance(allowed: 100).violation(in: results))
        #expect(violation.hasPrefix("error: all 2 selected scenario runs were skipped: nothing was tested"))
        #expect(violation.contains("  1 skipped: needs tls\n      b (s/b.yaml)"))
        #expect(violation.contains("  1 skipped: fault x\n      c (s/c.yaml)"))
        #expect(!violation.contains("--allow-skipped"))
    }
}
