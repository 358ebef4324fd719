import ArgumentParser
import Foundation
import Logging
import Receiver
import Store

/// `postback-harness serve`: the reference receiver alone.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the reference receiver (ClickWall's postback endpoint and admin API).",
        discussion: """
            Without --admin-token the server listens only on a loopback address \
            (127.0.0.0/8, ::1). The admin API then needs no token.
            """
    )

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(
        name: .customLong("admin-token"),
        help: "Bearer token required on /api/* (also read from POSTBACK_ADMIN_TOKEN).")
    var adminToken: String?

    @Option(help: "SQLite database file (':memory:' keeps nothing).")
    var db: String = "postback-harness.sqlite"

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: also listen with TLS.")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert.")
    var tlsKey: String?

    @Option(name: .customLong("tls-port"), help: "Port for the TLS listener.")
    var tlsPort: Int = 8443

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535, got \(port)") }
        guard (0...65535).contains(tlsPort) else {
            throw ValidationError("--tls-port must be 0…65535, got \(tlsPort)")
        }
        if (tlsCertificate == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError(
                "--log-level '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        for path in [tlsCertificate, tlsKey].compactMap({ $0 }) where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("TLS file '\(path)' does not exist")
        }
    }

    func run() async throws {
        var logger = Logger(label: "postback-harness.serve")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let token = adminToken ?? ProcessInfo.processInfo.environment["POSTBACK_ADMIN_TOKEN"]
        var configuration = ReceiverConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.adminToken = token
        if let tlsCertificate, let tlsKey {
            configuration.tls = .init(certificateChain: tlsCertificate, privateKey: tlsKey)
            configuration.tlsPort = tlsPort
        }
        let store: SQLitePostbackStore
        do {
            store = try SQLitePostbackStore(path: db == ":memory:" ? nil : db)
        } catch {
            throw HarnessExit.runtime("error: cannot open the store '\(db)': \(error)")
        }
        do {
            try await runReceiver(configuration: configuration, store: store, logger: logger) { running in
                var line = "postback-harness receiver listening on \(running.baseURL)"
                if let tlsPort = running.tlsPort { line += " and https://\(running.host):\(tlsPort)" }
                line += " (store: \(db))"
                print(line)
                fflush(nil)
            }
        } catch let error as ReceiverError {
            // Cannot bind is a runtime error (3); a refused or invalid configuration is input (2).
            throw error.isCannotBind
                ? HarnessExit.runtime("error: \(error)") : HarnessExit.invalidInput("error: \(error)")
        }
    }
}
