import GRDB
import GRDBSQLite

/// The hot path's statements run on SQLite directly: arguments bound with `sqlite3_bind_*` from
/// Swift values and the statement stepped with `sqlite3_step`, instead of GRDB's
/// `StatementArguments` (an array of boxed values per call) and its generic binding. Only for
/// statements run many times in one write transaction (``GroupCommit``'s work, a bulk of clicks),
/// on GRDB's cached statements (prepared, checked and owned by GRDB).
struct SQLiteBinding: ~Copyable {
    /// A value to bind.
    enum Value {
        case text(String?)
        case real(Double)
        case integer(Int64)
        case null
    }

    private let statement: Statement
    private let handle: SQLiteStatement
    private let db: Database
    private var index: Int32 = 0

    /// Starts binding `statement` from its first parameter, after a reset.
    init(_ statement: Statement, _ db: Database) {
        self.statement = statement
        self.handle = statement.sqliteStatement
        self.db = db
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds the next parameter.
    mutating func bind(_ value: Value) {
        index += 1
        switch value {
        case .text(nil): sqlite3_bind_null(handle, index)
        case .text(let text?):
            var text = text
            text.withUTF8 { bytes in
                _ = sqlite3_bind_text(
                    handle, index, UnsafeRawPointer(bytes.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) },
                    Int32(bytes.count), Self.transient)
            }
        case .real(let number): sqlite3_bind_double(handle, index, number)
        case .integer(let number): sqlite3_bind_int64(handle, index, number)
        case .null: sqlite3_bind_null(handle, index)
        }
    }

    /// Runs a statement that returns no row (an INSERT or UPDATE).
    consuming func execute() throws {
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard code == SQLITE_DONE else { throw error(code) }
    }

    /// Runs a query and reads its first row with `read` (columns by index), or `nil`.
    consuming func fetchOne<T>(_ read: (SQLiteRow) throws -> T) throws -> T? {
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        switch code {
        case SQLITE_ROW: return try read(SQLiteRow(handle: handle))
        case SQLITE_DONE: return nil
        default: throw error(code)
        }
    }

    private func error(_ code: Int32) -> DatabaseError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// The current row of a stepped statement, read by column index.
struct SQLiteRow {
    let handle: SQLiteStatement

    func text(_ column: Int32) -> String? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, column) else {
            return nil
        }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func real(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
}
