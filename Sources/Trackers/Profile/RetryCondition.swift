/// A reason for a tracker to send again. Raw values are the names in profile files.
public enum RetryCondition: String, Sendable, Hashable, CaseIterable, Codable {
    /// The receiver answered 500–599.
    case serverError = "5xx"
    /// No answer within the total timeout.
    case timeout
    /// No connection could be made.
    case connectionFailure = "connection_failure"
    /// Anything but an answer the tracker counts as success (2xx unless its profile says
    /// otherwise; Singular-like and AppMetrica-like trackers).
    case anyFailure = "any_failure"

    /// Whether this condition covers `outcome`, for a tracker that counts the answers of
    /// `success` as delivered.
    public func matches(_ outcome: DeliveryOutcome, success: Set<HTTPStatusClass> = [.success]) -> Bool {
        switch (self, outcome) {
        case (.serverError, .answered(let status)): (500...599).contains(status)
        case (.timeout, .timedOut): true
        case (.connectionFailure, .connectionFailed): true
        case (.anyFailure, .answered(let status)): !(HTTPStatusClass(status: status).map(success.contains) ?? false)
        case (.anyFailure, .timedOut), (.anyFailure, .connectionFailed): true
        default: false
        }
    }
}
