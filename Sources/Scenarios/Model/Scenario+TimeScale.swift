extension Scenario {
    /// The runner's time scale when a scenario sets none: a 15-minute retry delay takes 9 ms.
    public static let defaultTimeScale = 0.000_01

    /// ``timeScale`` or ``defaultTimeScale``.
    public var effectiveTimeScale: Double { timeScale ?? Self.defaultTimeScale }

    /// How long `duration` of simulated time takes on the wall clock under this scenario.
    public func scaled(_ duration: Duration) -> Duration {
        duration * effectiveTimeScale
    }
}
