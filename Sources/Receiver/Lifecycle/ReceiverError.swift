/// Why a receiver could not start: an insecure address, a port that cannot be bound, TLS files
/// that cannot be read.
public struct ReceiverError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: Equatable, Sendable {
        case insecureBind
        case cannotBind
        case invalidTLS
        case invalidConfiguration
    }

    let code: Code
    /// A sentence a person can act on.
    public let message: String

    /// Refused before binding: a non-loopback host without an admin token.
    public static func insecureBind(_ message: String) -> ReceiverError {
        ReceiverError(code: .insecureBind, message: message)
    }

    /// The address or port cannot be bound; `message` is the operating system's.
    public static func cannotBind(_ host: String, _ port: Int, _ message: String) -> ReceiverError {
        ReceiverError(code: .cannotBind, message: "cannot listen on \(host) port \(port): \(message)")
    }

    /// The TLS certificate chain or private key cannot be used.
    public static func invalidTLS(_ message: String) -> ReceiverError {
        ReceiverError(code: .invalidTLS, message: message)
    }

    /// A configuration value is out of range (a port, an empty token).
    public static func invalidConfiguration(_ message: String) -> ReceiverError {
        ReceiverError(code: .invalidConfiguration, message: message)
    }

    public var isInsecureBind: Bool { code == .insecureBind }
    public var isCannotBind: Bool { code == .cannotBind }
    public var isInvalidTLS: Bool { code == .invalidTLS }
    public var isInvalidConfiguration: Bool { code == .invalidConfiguration }
    public var description: String { message }
}
