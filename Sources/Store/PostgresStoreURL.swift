import Foundation
import NIOSSL
import PostgresNIO

/// Where a ``PostgresPostbackStore`` lives, read from a `postgres://` URL:
/// `postgres://user:password@host:port/database?sslmode=disable&schema=name`.
///
/// - `sslmode`: `disable`, `prefer` or `require` (the default is `disable` on a loopback host and
///   `require` elsewhere, so that a password never crosses a network in the clear by default).
/// - `schema`: the PostgreSQL schema holding the tables (created when missing; `public` when not
///   given). Several receivers share a store by naming the same database and schema; tests use a
///   fresh schema each.
public struct PostgresStoreURL: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted.
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tlsMode: TLSMode
    /// The schema name, or `nil` for the server's default search path.
    public var schema: String?

    /// Parses `text`; throws ``StoreError`` `.unavailable` naming what is wrong.
    public init(_ text: String) throws {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql"
        else {
            throw StoreError.unavailable(
                "'\(Self.redacted(text))' is not a PostgreSQL URL; give postgres://user:password@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError.unavailable("the PostgreSQL URL '\(Self.redacted(text))' has no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError.unavailable(
                "the PostgreSQL URL '\(Self.redacted(text))' has no user name (postgres://USER@host/database)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw StoreError.unavailable(
                "the PostgreSQL URL '\(Self.redacted(text))' names no database (postgres://user@host/DATABASE)")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.tlsMode = Self.isLoopback(host) ? .disable : .require
        self.schema = nil
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw StoreError.unavailable(
                        "sslmode '\(value)' in the PostgreSQL URL is not one of disable, prefer, require")
                }
                tlsMode = mode
            case "schema":
                guard Self.isValidSchemaName(value) else {
                    throw StoreError.unavailable(
                        "schema '\(value)' in the PostgreSQL URL must be 1–63 of a-z, 0-9 and _, not starting with a digit"
                    )
                }
                schema = value
            default:
                throw StoreError.unavailable(
                    "unknown parameter '\(item.name)' in the PostgreSQL URL; known: sslmode, schema")
            }
        }
    }

    /// The URL with its password masked, for messages.
    public var description: String {
        var text = "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
        if let schema { text += "?schema=\(schema)" }
        return text
    }

    /// The connection settings for postgres-nio's client.
    func clientConfiguration() -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 16
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        return configuration
    }

    /// The settings of the single connection that checks the server and migrates the schema.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: try connectionTLS())
        configuration.options.connectTimeout = .seconds(5)
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        return configuration
    }

    private var tls: PostgresClient.Configuration.TLS {
        switch tlsMode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    private func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        switch tlsMode {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    /// A schema name that is safe to put in SQL unquoted (it cannot be a bound parameter).
    static func isValidSchemaName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count), let first = bytes.first, !(48...57).contains(first) else { return false }
        return bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// `text` with any password between `:` and `@` masked.
    static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let schemeEnd = text.range(of: "://") else { return text }
        let credentials = text[schemeEnd.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
    }
}
