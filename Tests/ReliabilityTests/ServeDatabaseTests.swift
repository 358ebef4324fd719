import Foundation
import Testing

/// `serve --database postgres://…`: option checks and a store that cannot be reached.
struct ServeDatabaseTests {
    /// Runs the binary to its end (bounded) and returns its exit code and stderr.
    static func run(_ arguments: [String]) throws -> (code: Int32, stderr: String) {
        let process = Process()
        process.executableURL = ServeProcess.executable
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, text)
    }

    @Test(.timeLimit(.minutes(1)))
    func anUnreachableDatabaseExitsThreeNamingIt() throws {
        let (code, stderr) = try Self.run([
            "serve", "--port", "0", "--database", "postgres://me:hunter2@127.0.0.1:1/postbacks",
        ])
        #expect(code == 3)
        #expect(
            stderr.contains("cannot connect to the PostgreSQL store postgres://me:***@127.0.0.1:1/postbacks"),
            "\(stderr)")
        #expect(!stderr.contains("hunter2"))
    }

    @Test(arguments: [
        (["--db", "x.sqlite", "--database", "postgres://u@127.0.0.1/db"], "--db and --database are exclusive"),
        (["--database", "mysql://u@h/db"], "not a PostgreSQL URL"),
        (["--database", "postgres://u@127.0.0.1/db?sslmode=sometimes"], "sslmode 'sometimes'"),
        (["--max-connections", "0"], "--max-connections must be at least 1"),
        (["--header-timeout", "0"], "--header-timeout must be a number of seconds"),
    ])
    func invalidStoreOptionsExitTwo(arguments: [String], message: String) throws {
        let (code, stderr) = try Self.run(["serve", "--port", "0"] + arguments)
        #expect(code == 2)
        #expect(stderr.contains(message), "\(stderr)")
    }

    @Test(.timeLimit(.minutes(1)), TestPostgres.available)
    func servesFromPostgres() async throws {
        let serve = try ServeProcess(["--database", try TestPostgres.freshURL()])
        defer { serve.stop() }
        let stdout = (try? String(contentsOf: serve.stdoutFile, encoding: .utf8)) ?? ""
        #expect(stdout.contains("(store: postgres://postback@127.0.0.1:"))
    }
}
