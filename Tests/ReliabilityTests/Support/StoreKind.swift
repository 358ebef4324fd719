import Foundation
import PostbackCore
import Store
import Testing

/// The two stores, so that one behavioural test runs against both.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when a test server is configured (see ``TestPostgres``).
    static var available: [StoreKind] { TestPostgres.url == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// Runs `body` with a fresh, empty store of this kind (PostgreSQL: a schema of its own).
    func withStore<T: Sendable>(_ body: (any PostbackStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            return try await body(try SQLitePostbackStore(path: nil))
        case .postgres:
            return try await PostgresPostbackStore.withStore(url: try TestPostgres.freshURL()) { try await body($0) }
        }
    }

    /// The kinds that several receivers may share (PostgreSQL, when configured): a SQLite file
    /// belongs to one process (a second store on it is refused, `ConcurrencyTests`).
    static var shareable: [StoreKind] { available.filter { $0 == .postgres } }

    /// Runs `body` with two handles on one fresh PostgreSQL schema — two receivers sharing it.
    func withTwoHandles<T: Sendable>(_ body: (any PostbackStore, any PostbackStore) async throws -> T) async throws
        -> T
    {
        let url = try TestPostgres.freshURL()
        return try await PostgresPostbackStore.withStore(url: url) { first in
            try await PostgresPostbackStore.withStore(url: url) { second in try await body(first, second) }
        }
    }
}
