import ArgumentParser
import Foundation
import Logging
import PostbackCore
import Receiver
import Store
import Trackers

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

    @Option(help: "SQLite database file (':memory:' keeps nothing); default postback-harness.sqlite.")
    var db: String?

    @Option(
        help: ArgumentHelp(
            "PostgreSQL store shared by several receivers instead of --db.",
            discussion: "postgres://user:password@host:port/database[?sslmode=disable|prefer|require&schema=NAME]",
            valueName: "postgres-url"))
    var database: String?

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: also listen with TLS.")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert.")
    var tlsKey: String?

    @Option(name: .customLong("tls-port"), help: "Port for the TLS listener.")
    var tlsPort: Int = 8443

    @Option(
        name: .customLong("max-connections"),
        help: "Most connections held at once per listener; more wait to be accepted."
    )
    var maxConnections: Int = ConnectionLimits().maxConnections

    @Option(
        name: .customLong("max-connections-per-peer"),
        help: ArgumentHelp(
            "Most connections one client address holds at once per listener; more are closed when accepted.",
            discussion: "Default: no limit of its own (behind a proxy every client has the proxy's address)."))
    var maxConnectionsPerPeer: Int?

    @Option(
        name: .customLong("header-timeout"),
        help: "Seconds a client has to send a complete request head (also the keep-alive idle timeout).")
    var headerTimeout: Double = 30

    @Option(
        name: .customLong("body-timeout"), help: "Seconds a client has from the request head to the end of its body.")
    var bodyTimeout: Double = 10

    @Option(
        name: .customLong("event-loops"),
        help: ArgumentHelp(
            "Threads that serve connections, 1 to 256.",
            discussion:
                "Default: one per core but one, left to the store's writer (\(ReceiverEventLoops.defaultCount) here)."))
    var eventLoops: Int = ReceiverEventLoops.defaultCount

    @Flag(
        help: ArgumentHelp(
            "Accept fault rules at run time on /api/faults (slow, failing or reset answers; a moved clock).",
            discussion: "Off by default. For `run --receiver` against this server: scenarios with receiver faults "
                + "run instead of being skipped."))
    var faults = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        if db != nil && database != nil {
            throw ValidationError("--db and --database are exclusive: give a SQLite file or a PostgreSQL URL")
        }
        if let database {
            do {
                _ = try PostgresStoreURL(database)
            } catch {
                throw ValidationError("--database: \(error)")
            }
        }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        guard (1...256).contains(eventLoops) else {
            throw ValidationError("--event-loops must be 1…256, got \(eventLoops)")
        }
        if let maxConnectionsPerPeer, maxConnectionsPerPeer < 1 {
            throw ValidationError("--max-connections-per-peer must be at least 1")
        }
        for (name, value) in [("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout)]
        where !(value > 0 && value <= 3600) {
            throw ValidationError("\(name) must be a number of seconds above 0 and at most 3600, got \(value)")
        }
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
        if faults { configuration.faults = ReceiverFaults() }
        configuration.eventLoops = eventLoops
        configuration.limits = ConnectionLimits(
            maxConnections: maxConnections, headTimeout: .milliseconds(Int64(headerTimeout * 1000)),
            bodyTimeout: .milliseconds(Int64(bodyTimeout * 1000)), maxConnectionsPerPeer: maxConnectionsPerPeer)
        if let tlsCertificate, let tlsKey {
            configuration.tls = .init(certificateChain: tlsCertificate, privateKey: tlsKey)
            configuration.tlsPort = tlsPort
        }
        // Rule 3's advice names the sending tracker's macros when it can tell the tracker apart.
        let rules = PostbackRules(trackerHints: TrackerProfile.receiverHints)
        if let database {
            do {
                try await PostgresPostbackStore.withStore(url: database, rules: rules, logger: logger) { store in
                    try await serve(configuration, store: store, storeName: store.url.description, logger: logger)
                }
            } catch let error as StoreError {
                throw HarnessExit.runtime("error: cannot open the store: \(error)")
            }
            return
        }
        let path = db ?? "postback-harness.sqlite"
        let store: SQLitePostbackStore
        do {
            store = try SQLitePostbackStore(path: path == ":memory:" ? nil : path, rules: rules)
        } catch {
            throw HarnessExit.runtime("error: cannot open the store '\(path)': \(error)")
        }
        try await serve(configuration, store: store, storeName: path, logger: logger)
        // A clean shutdown leaves the database file complete and the WAL empty.
        do {
            try store.checkpointAndTruncate()
        } catch {
            logger.warning("the WAL was not truncated at shutdown", metadata: ["error": "\(error)"])
        }
    }

    /// Serves until SIGINT or SIGTERM; prints the listening line once bound.
    private func serve(
        _ configuration: ReceiverConfiguration, store: any PostbackStore, storeName: String, logger: Logger
    ) async throws {
        do {
            try await runReceiver(configuration: configuration, store: store, logger: logger) { running in
                var line = "postback-harness receiver listening on \(running.baseURL)"
                if let tlsPort = running.tlsPort { line += " and https://\(running.host):\(tlsPort)" }
                line += " (store: \(storeName)"
                if configuration.faults != nil { line += "; faults on /api/faults" }
                line += ")"
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
