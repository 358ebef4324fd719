/// How one send of a postback ended, as the tracker saw it.
public enum DeliveryOutcome: Sendable, Hashable {
    /// The receiver answered with this HTTP status.
    case answered(status: Int)
    /// No answer within the total timeout (the receiver may still have recorded it).
    case timedOut
    /// No connection, or the transfer failed.
    case connectionFailed
    /// The tracker did not send at all (a host that is not ClickWall's, an IP-address host
    /// Adjust refuses); never retried.
    case notSent
}

extension DeliveryOutcome {
    /// The outcome's name in JSON: `answered`, `timed_out`, `connection_failed`, `not_sent`.
    public var wireName: String {
        switch self {
        case .answered: "answered"
        case .timedOut: "timed_out"
        case .connectionFailed: "connection_failed"
        case .notSent: "not_sent"
        }
    }
}
