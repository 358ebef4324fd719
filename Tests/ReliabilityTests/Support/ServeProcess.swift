import Foundation
import Testing

/// `postback-harness serve` run as its own process (the built binary, as a user runs it), with
/// its port read from the line it prints once listening, so that a test can kill it.
final class ServeProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    let stdoutFile: URL
    let stderrFile: URL

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var pid: Int32 { process.processIdentifier }

    /// The binary beside the test bundle (`.build/<triple>/debug/postback-harness`).
    static let executable: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("postback-harness")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent(".build/debug/postback-harness")
    }()

    /// Starts `serve --host 127.0.0.1 --port 0` with `arguments` and waits (at most `timeout`)
    /// for its listening line; throws with what it printed when it exits or stays silent. With
    /// `ownDatabase`, the receiver records into a SQLite file of its own beside its output.
    init(_ arguments: [String], ownDatabase: Bool = false, timeout: TimeInterval = 30) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ph-serve-\(UUID().uuidString)")
        let database = folder.appendingPathComponent("receiver.sqlite").path
        let arguments = arguments + (ownDatabase ? ["--db", database] : [])
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        stdoutFile = folder.appendingPathComponent("stdout")
        stderrFile = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0"] + arguments
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var found: Int?
        while Date() < deadline {
            let text = (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                found = Int(digits)
                if found != nil { break }
            }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        guard let found else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let stderr = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            throw ServeError("serve did not start (exit \(process.terminationStatus)): \(stderr)")
        }
        port = found
    }

    struct ServeError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    var isRunning: Bool { process.isRunning }

    /// What the receiver printed on stderr so far.
    var stderr: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

    /// Kills the receiver at once (no shutdown, no flush) and waits for it to be gone.
    func killHard() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Asks the receiver to stop (SIGTERM) and waits at most `timeout`, then kills it.
    func stop(timeout: TimeInterval = 10) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        killHard()
    }

    /// The receiver's resident memory in KiB (`VmRSS` of /proc/PID/status), or nil once gone.
    var residentKiB: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
