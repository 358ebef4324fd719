/// One HTTP header line, as sent or as received: a name and a value, both kept as given.
///
/// Header names compare case-sensitively here; use ``CurlResponse/header(_:)`` for a
/// case-insensitive lookup.
public struct HTTPHeader: Sendable, Equatable {
    /// The header's name, e.g. `Content-Type`.
    public var name: String
    /// The header's value, without the surrounding spaces.
    public var value: String

    /// Makes a header from its name and value.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
