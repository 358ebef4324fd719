import Foundation
import PostbackTesting
import Synchronization
import Testing

/// `--parallel N`: a generated suite of 300 scenarios (Benchmarks/suite-parallel/generate)
/// gives the same results, in the same order, with `--parallel 1` and `--parallel 4`.
@Suite(.timeLimit(.minutes(3)))
struct ParallelSuiteTests {
    /// The JSON report without what may differ between any two runs: timings, and the
    /// receiver's conversion ids (`cv_N`), which it gives in arrival order while a step sends
    /// its conversions 16 at a time.
    static func results(_ file: URL) throws -> Data {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { $0.key != "duration_seconds" && $0.key != "started_at" }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            if let text = value as? String { return text.replacing(/cv_[0-9]+/, with: "cv_N") }
            return value
        }
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
        return try JSONSerialization.data(withJSONObject: strip(document), options: [.sortedKeys])
    }

    @Test("300 generated scenarios: the same results with --parallel 1 and --parallel 4")
    func sameResults() async throws {
        let folder = try HarnessBinary.temporaryFolder()
        let suite = folder.appendingPathComponent("suite")
        let generator = Process()
        generator.executableURL = PackageRoot.url.appendingPathComponent("Benchmarks/suite-parallel/generate")
        generator.arguments = [suite.path, "300"]
        generator.currentDirectoryURL = PackageRoot.url
        try HarnessBinary.launchLock.withLock { try generator.run() }
        generator.waitUntilExit()
        try #require(generator.terminationStatus == 0)

        // The two runs are separate processes, each with its own receivers: run them side by side.
        func run(parallel: Int) async throws -> HarnessBinary.Output {
            let report = folder.appendingPathComponent("p\(parallel).json")
            return try await HarnessBinary.run(
                ["run", suite.path, "--parallel", "\(parallel)", "--report", "json:\(report.path)"], timeout: 120)
        }
        async let serial = run(parallel: 1)
        async let wide = run(parallel: 4)
        let one = try await serial
        let four = try await wide
        // 12 of the 300 expect a wrong count on purpose: both runs fail them, and only them.
        #expect(one.exitCode == 1, "stderr: \(one.stderr)")
        #expect(four.exitCode == 1, "stderr: \(four.stderr)")
        #expect(one.stdout.hasSuffix("288 passed, 12 failed, 0 skipped\n"), "\(one.stdout.suffix(2000))")
        #expect(four.stdout.hasSuffix("288 passed, 12 failed, 0 skipped\n"))
        func verdicts(_ text: String) -> [String] {
            text.split(separator: "\n").filter { $0.hasPrefix("PASS") || $0.hasPrefix("FAIL") }
                .map { $0.components(separatedBy: "  (").first ?? String($0) }
        }
        #expect(verdicts(one.stdout).count == 300)
        #expect(verdicts(one.stdout) == verdicts(four.stdout), "the same order whatever N")
        let first = try Self.results(folder.appendingPathComponent("p1.json"))
        let second = try Self.results(folder.appendingPathComponent("p4.json"))
        #expect(first == second, "every expectation, send and verdict is the same")
    }
}
