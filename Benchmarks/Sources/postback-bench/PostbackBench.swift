import ArgumentParser

/// `postback-bench`: the helper of `scripts/bench` — seeds a receiver for the wrk run and
/// drives the project's libcurl client for the sender benchmark, measures the store alone. Not part of the product.
@main
struct PostbackBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postback-bench",
        abstract: "Benchmark helper for scripts/bench: seed a receiver, send with CurlClient, time the store.",
        subcommands: [SeedCommand.self, SendCommand.self, StoreCommand.self]
    )
}
