/// A reason for a tracker to send again. Raw values are the names in profile files.
public enum RetryCondition: String, Sendable, Hashable, CaseIterable, Codable {
    /// The receiver answered 500–599.
    case serverError = "5xx"
    /// No answer within the total timeout.
    case timeout
    /// No connection could be made.
    case connectionFailure = "connection_failure"
    /// Anything but a 2xx answer (Singular-like and AppMetrica-like trackers).
    case anyFailure = "any_failure"

    /// Whether this condition covers `outcome`.
    public func matches(_ outcome: DeliveryOutcome) -> Bool {
        switch (self, outcome) {
        case (.serverError, .answered(let status)): (500...599).contains(status)
        case (.timeout, .timedOut): true
        case (.connectionFailure, .connectionFailed): true
        case (.anyFailure, .answered(let status)): !(200...299).contains(status)
        case (.anyFailure, .timedOut), (.anyFailure, .connectionFailed): true
        default: false
        }
    }
}
