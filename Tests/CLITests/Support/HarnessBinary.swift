import Foundation
import PostbackTesting

/// Runs the built `postback-harness` binary, as a user would, and captures what it printed.
struct HarnessBinary {
    /// What one run printed and how it exited.
    struct Output {
        var stdout: String
        var stderr: String
        var exitCode: Int32
    }

    /// Serialises `Process.run()` across the test process.
    static let launchLock = NSLock()

    /// The binary beside the test bundle (`.build/<triple>/debug/postback-harness`).
    static let executable: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("postback-harness")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return PackageRoot.file(".build/debug/postback-harness")
    }()

    /// Runs the binary with `arguments` in `directory` (the package root by default), with a
    /// time limit after which it is killed. It waits on a thread of its own, never on the
    /// cooperative pool, so that receivers serving it from this test process keep running.
    static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
        timeout: TimeInterval = 60
    ) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Result {
                        try runBlocking(arguments, in: directory, environment: environment, timeout: timeout)
                    })
            }
            thread.start()
        }
    }

    /// ``run(_:in:environment:timeout:)`` on the calling thread.
    static func runBlocking(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
        timeout: TimeInterval = 60
    ) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? PackageRoot.url
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("ph-out-\(UUID().uuidString)")
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("ph-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
        }
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        process.standardInput = FileHandle.nullDevice
        // Foundation's Process.run is not safe to call from several threads at once on Linux
        // (seen: a crash in its descriptor bookkeeping); launches are serialised, waits are not.
        try launchLock.withLock { try process.run() }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        return Output(
            stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "",
            exitCode: process.terminationStatus)
    }

    /// A fresh temporary folder for files a test writes.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ph-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
