import ArgumentParser

@main
struct PostbackHarness: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "postback-harness")
    func run() async throws {}
}
