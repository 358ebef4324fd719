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
