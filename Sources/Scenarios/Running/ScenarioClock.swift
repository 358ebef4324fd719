import Foundation
import Synchronization

/// The receiver's clock during a scenario: real time, shifted into the past while clicks
/// with an `age` are made, so that they are issued as the receiver would have issued them then;
/// during a replay, set to the time each postback was logged.
final class ScenarioClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    func now() -> Date { Date().addingTimeInterval(-offset.withLock { $0 }) }

    func withAge<T>(_ age: Duration?, _ body: () async throws -> T) async rethrows -> T {
        guard let age else { return try await body() }
        let seconds = Double(age.components.seconds) + Double(age.components.attoseconds) / 1e18
        offset.withLock { $0 = seconds }
        defer { offset.withLock { $0 = 0 } }
        return try await body()
    }

    /// Runs `body` with the clock reading `date` (and running on from there), then real time again.
    func withTime<T>(_ date: Date, _ body: () async throws -> T) async rethrows -> T {
        offset.withLock { $0 = Date().timeIntervalSince(date) }
        defer { offset.withLock { $0 = 0 } }
        return try await body()
    }
}
