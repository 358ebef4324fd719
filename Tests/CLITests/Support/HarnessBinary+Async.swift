import Foundation

extension HarnessBinary {
    /// Runs the binary on a thread of its own, so that a receiver serving it from this test
    /// process keeps the cooperative pool's threads while the test waits.
    static func runDetached(
        _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60
    ) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Result { try runBlocking(arguments, environment: environment, timeout: timeout) })
            }
            thread.start()
        }
    }
}
