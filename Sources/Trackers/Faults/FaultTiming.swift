/// Wall-clock times used by the timing faults, compressed like retry delays so that a scenario
/// with a timeout finishes in about a second.
public enum FaultTiming {
    /// The tracker's total timeout for the first send under `retry-after-timeout` (its real one,
    /// e.g. 10 s, compressed); its retries keep the profile's own timeout.
    public static let trackerTimeout: Duration = .seconds(2)
    /// How long the receiver holds its first answer under `retry-after-timeout`: longer than
    /// ``trackerTimeout``, so the tracker gives up after the postback was recorded.
    public static let slowAnswer: Duration = .milliseconds(3000)
}
