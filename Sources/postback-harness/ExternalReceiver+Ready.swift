import Scenarios

extension ExternalReceiver {
    /// ``ExternalReceiver/check()`` as a command's exit, before anything is sent: an admin token
    /// the receiver refuses is the input's error (2); a receiver that cannot be reached or does
    /// not speak DESIGN §4's API is a runtime error (3).
    mutating func requireReady() async throws {
        guard let problem = await check() else { return }
        throw problem.isInput
            ? HarnessExit.invalidInput("error: \(problem.message)")
            : HarnessExit.runtime("error: \(problem.message)")
    }
}
