/// How a scenario ended.
public enum ScenarioStatus: String, Sendable, Hashable, Codable {
    /// Every stated expectation matched.
    case passed
    /// A stated expectation did not match.
    case failed
    /// Something stopped the scenario before its statistics could be compared.
    case error
    /// Not run, for the reason the result gives.
    case skipped
}
