/// Waits for a state instead of sleeping a fixed time: checks `condition` every `interval` until
/// it holds or `timeout` has passed, so that a test moves on as soon as the state is reached and
/// fails (rather than hangs) when it never is.
///
/// - Parameters:
///   - timeout: the longest wait (5 s unless given).
///   - interval: the pause between two checks (10 ms unless given).
///   - condition: the state waited for; checked at once, then after each pause.
/// - Returns: whether `condition` held within `timeout`.
/// - Throws: `CancellationError` when the task is cancelled while waiting; what `condition` throws.
public func poll(
    timeout: Duration = .seconds(5), every interval: Duration = .milliseconds(10),
    until condition: () async throws -> Bool
) async throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if try await condition() { return true }
        if clock.now >= deadline { return false }
        try await Task.sleep(for: interval)
    }
}
