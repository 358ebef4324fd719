import Trackers

/// The outcome of checking one scenario file: the scenario when it is valid, and every error.
public struct ScenarioCheck: Sendable {
    /// `nil` when there is any error.
    public var scenario: Scenario?
    /// Errors of the scenario file in position order, then those of profile files it uses.
    public var errors: [ScenarioFileError]

    public init(scenario: Scenario?, errors: [ScenarioFileError]) {
        self.scenario = scenario
        self.errors = errors
    }
}
