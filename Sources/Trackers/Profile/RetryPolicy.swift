/// When and how often a tracker sends a postback again.
public struct RetryPolicy: Sendable, Hashable {
    /// What makes the tracker retry.
    public var conditions: Set<RetryCondition>
    /// Sends in all, the first included (AppsFlyer: 5).
    public var maxAttempts: Int
    /// Wait before the 2nd, 3rd, … send; the last one repeats for later sends, none is no wait.
    public var delays: [Duration]

    public init(conditions: Set<RetryCondition>, maxAttempts: Int, delays: [Duration] = []) {
        self.conditions = conditions
        self.maxAttempts = max(1, maxAttempts)
        self.delays = delays
    }

    /// One send, never repeated.
    public static let never = RetryPolicy(conditions: [], maxAttempts: 1)

    /// Whether to send again after `attempt` (from 1) ended with `outcome`, for a tracker that
    /// counts the answers of `success` as delivered.
    public func shouldRetry(
        after outcome: DeliveryOutcome, attempt: Int, success: Set<HTTPStatusClass> = [.success]
    ) -> Bool {
        guard attempt < maxAttempts else { return false }
        return conditions.contains { $0.matches(outcome, success: success) }
    }

    /// How long to wait after `attempt` (from 1) before the next send, unscaled.
    public func delay(afterAttempt attempt: Int) -> Duration {
        guard let last = delays.last else { return .zero }
        let index = attempt - 1
        return delays.indices.contains(index) ? delays[index] : last
    }
}
