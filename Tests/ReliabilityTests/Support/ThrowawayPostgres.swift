import Foundation
import PostbackTesting

/// A PostgreSQL cluster of one test's own (`scripts/start-test-postgres` with a folder and port
/// of its own, not the shared test server), so that the test can stop and start it.
final class ThrowawayPostgres: Sendable {
    let url: String
    let folder: URL
    let port: Int
    private let bin: String
    /// The cluster's data folder.
    private let data: String

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
        let script = PackageRoot.file("scripts/start-test-postgres").path
        // Ports below Linux's ephemeral range (32768–60999), so that no client connection holds
        // the one chosen; another server may still, so a few are tried, each in a folder of its own.
        var failures: [String] = []
        for attempt in 1...4 {
            let port = Int.random(in: 20_000...29_999)
            let data = folder.appendingPathComponent("pg\(attempt)").path
            let (status, output) = try Self.run(script, ["\(port)"], environment: ["POSTBACK_TEST_POSTGRES_DIR": data])
            if status == 0, let line = output.split(separator: "\n").last, line.hasPrefix("postgres://") {
                self.port = port
                self.data = data
                url = String(line)
                return
            }
            failures.append("port \(port): exit \(status): \(output.suffix(300))")
        }
        throw Failure("start-test-postgres failed 4 times: \(failures.joined(separator: " | "))")
    }

    /// Stops the server at once (`pg_ctl -m fast`), as an outage.
    func stop() throws { try pgCtl(["-m", "fast", "-w", "stop"]) }

    /// Starts it again and returns once it accepts connections.
    func start() throws {
        try pgCtl(["-l", data + "/server.log", "-w", "-t", "30", "start"])
    }

    private func pgCtl(_ arguments: [String]) throws {
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
