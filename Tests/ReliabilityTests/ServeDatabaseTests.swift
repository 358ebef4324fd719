import Curl
import Foundation
import Testing

/// `serve --database postgres://…`: option checks and a store that cannot be reached; `serve
/// --db FILE`: a clean shutdown leaves the WAL empty.
struct ServeDatabaseTests {
    @Test("postbacks sent one at a time, then SIGTERM: the WAL is checkpointed and truncated", .timeLimit(.minutes(1)))
    func cleanShutdownTruncatesTheWAL() async throws {
        let (folder, database) = try Self.databaseInNewFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let serve = try ServeProcess(["--db", database])
        let clicks = (0..<200).map { "w\($0)" }
        try await CurlClient.withClient { client in
            let admin = AdminClient(client: client, baseURL: serve.baseURL)
            try await admin.putCampaign("wal", StormPlan(campaign: "wal").campaignJSON)
            try await admin.addClicks("wal", clicks)
            for click in clicks {
                let answer = try await admin.postback("campaign_id=wal&click_id=\(click)")
                #expect(answer.result == "accepted")
            }
        }
        let walSize = { (try? FileManager.default.attributesOfItem(atPath: database + "-wal")[.size] as? Int) ?? 0 }
        #expect(walSize() > 0, "the WAL holds the postbacks while the receiver runs")
        serve.stop()
        #expect(walSize() == 0, "the WAL after a clean shutdown: \(walSize()) bytes")
    }

    @Test("a second serve on the same SQLite file exits 3 naming it; the first goes on", .timeLimit(.minutes(1)))
    func aSecondServeOnOneFileIsRefused() async throws {
        let (folder, database) = try Self.databaseInNewFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try ServeProcess(["--db", database])
        defer { first.stop() }
        let (code, stderr) = try Self.run(["serve", "--port", "0", "--db", database])
        #expect(code == 3)
        #expect(stderr.contains("'\(database)': another process has it open"), "\(stderr)")
        try await CurlClient.withClient { client in
            let admin = AdminClient(client: client, baseURL: first.baseURL)
            try await admin.putCampaign("one", StormPlan(campaign: "one").campaignJSON)
            try await admin.addClicks("one", ["k1"])
            #expect(try await admin.postback("campaign_id=one&click_id=k1").result == "accepted")
        }
    }

    /// A new temporary folder (the caller removes it) and the path of a database file in it.
    static func databaseInNewFolder() throws -> (folder: URL, database: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ph-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, folder.appendingPathComponent("receiver.sqlite").path)
    }

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
        (["--event-loops", "0"], "--event-loops must be 1…256, got 0"),
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
