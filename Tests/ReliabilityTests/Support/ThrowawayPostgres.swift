import Foundation
import PostbackTesting

/// A PostgreSQL cluster of one test's own (`scripts/start-test-postgres` with a folder and port
/// of its own, not the shared test server), so that the test can stop and start it.
final class ThrowawayPostgres: Sendable {
    let url: String
    let folder: URL
    let port: Int
    private let bin: String

    /// The newest installed server's `bin` folder, or `nil` when PostgreSQL is not installed.
    static let binFolder: String? = {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap(Int.init).max().map { "\(root)/\($0)/bin" }
    }()

    /// Whether this machine can run one: PostgreSQL installed and the tests run as root (which
    /// `runuser` needs to act as the `postgres` user).
    static let canRun = binFolder != nil && getuid() == 0

    init() throws {
        bin = try Self.binFolder ?? { throw Failure("PostgreSQL is not installed") }()
        folder = URL(fileURLWithPath: "/tmp/ph-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        chmod(folder.path, 0o755)
        port = Int.random(in: 55_000...55_999)
        let script = PackageRoot.file("scripts/start-test-postgres").path
        let (status, output) = try Self.run(
            script, ["\(port)"], environment: ["POSTBACK_TEST_POSTGRES_DIR": folder.appendingPathComponent("pg").path])
        guard status == 0, let line = output.split(separator: "\n").last, line.hasPrefix("postgres://") else {
            throw Failure("start-test-postgres failed (\(status)): \(output)")
        }
        url = String(line)
    }

    /// Stops the server at once (`pg_ctl -m fast`), as an outage.
    func stop() throws { try pgCtl(["-m", "fast", "-w", "stop"]) }

    /// Starts it again and returns once it accepts connections.
    func start() throws {
        try pgCtl(["-l", folder.appendingPathComponent("pg/server.log").path, "-w", "-t", "30", "start"])
    }

    private func pgCtl(_ arguments: [String]) throws {
        let data = folder.appendingPathComponent("pg").path
        let (status, output) = try Self.run(
            "/usr/sbin/runuser", ["-u", "postgres", "--", "\(bin)/pg_ctl", "-D", data] + arguments)
        guard status == 0 else { throw Failure("pg_ctl \(arguments.last ?? "") failed (\(status)): \(output)") }
    }

    /// Runs `path` with `arguments` through `/bin/sh` to its end (at most 60 s); its exit status
    /// (-1 when it could not be run or was killed) and what it printed. `posix_spawn` and
    /// `waitpid` rather than Foundation's `Process`, which here never saw the end of a script
    /// whose daemon (the PostgreSQL server) outlived it.
    static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> (Int32, String)
    {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("ph-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let variables = environment.map { "\($0.key)=\(quoted($0.value))" }
        let command = (variables + [quoted(path)] + arguments.map(quoted)).joined(separator: " ")
        let argv = ["/bin/sh", "-c", command + " >\(quoted(output.path)) 2>&1 </dev/null"]
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", nil, nil, &cArguments, environ) == 0 else {
            throw Failure("cannot run \(path): \(String(cString: strerror(errno)))")
        }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(60)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                status = -1
                break
            }
            usleep(50_000)
        }
        let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : -1
        return (exitStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    deinit {
        try? stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
