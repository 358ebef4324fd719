/// A value given for an external receiver that cannot be used.
public struct ExternalReceiverError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
