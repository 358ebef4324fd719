/// An exit with one of DESIGN §6's codes and the message to print on stderr.
struct HarnessExit: Error {
    static let failedCode: Int32 = 1
    static let invalidInputCode: Int32 = 2
    static let runtimeErrorCode: Int32 = 3

    let code: Int32
    let message: String

    /// A scenario or check failed (1).
    static func failed(_ message: String = "") -> HarnessExit { HarnessExit(code: failedCode, message: message) }
    /// Invalid input: usage, a scenario file, a log (2).
    static func invalidInput(_ message: String) -> HarnessExit {
        HarnessExit(code: invalidInputCode, message: message)
    }
    /// Runtime error: cannot bind, store unavailable (3).
    static func runtime(_ message: String) -> HarnessExit { HarnessExit(code: runtimeErrorCode, message: message) }
}
