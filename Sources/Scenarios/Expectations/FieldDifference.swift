import Trackers

/// One stated field whose recorded value differs from the expected one.
public struct FieldDifference: Sendable, Hashable, CustomStringConvertible {
    /// The field path: `conversions`, `conversions_by_status.approved`, `rejected.unknown_click`.
    public var field: String
    public var expected: String
    public var recorded: String
    /// Where the expected value is written in the scenario, when known.
    public var location: SourceLocation?

    public init(field: String, expected: String, recorded: String, location: SourceLocation? = nil) {
        self.field = field
        self.expected = expected
        self.recorded = recorded
        self.location = location
    }

    /// `field: expected X, recorded Y`.
    public var description: String { "\(field): expected \(expected), recorded \(recorded)" }
}
