/// Every error found in one or more files, in file order then position order.
///
/// Thrown by the scenario and profile loaders; never empty.
public struct ScenarioFileErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [ScenarioFileError]

    public init(_ errors: [ScenarioFileError]) {
        self.errors = errors
    }

    /// The first error, the one to show when only one can be shown.
    public var first: ScenarioFileError? { errors.first }

    /// Each error in compiler style with its snippet, one after the other.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
