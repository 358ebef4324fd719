import GRDB
import Synchronization

/// Rule 13's dedup index of the SQLite store, kept in memory: which `conversions` rows hold a
/// `(campaign_id, dedup_key)`. Rebuilt from the table when the store opens, changed only inside
/// the store's write transactions and made visible to later ones at their commit (dropped at a
/// rollback), so that it always says what the committed table says. The table stays the truth:
/// a key maps to row ids through a 64-bit hash, and the store compares the row's own key.
///
/// Exactly one process may write the file (``SQLiteFileLock``); about 30–40 bytes per entry.
/// Safe from any thread; the store uses it from its writer only.
final class DedupIndex: Sendable {
    /// A key's 64-bit hash (Swift's per-process seeded SipHash; the index never leaves the process).
    typealias Hash = UInt64

    private struct State {
        /// The committed index: the row id of the one row with this hash.
        var rows: [Hash: Int64] = [:]
        /// Hashes held by more than one row (a collision, or none in practice): every row id.
        var collisions: [Hash: [Int64]] = [:]
        /// Entries added by the open transaction, visible to it and published at its commit.
        var pending: [(Hash, Int64)] = []
        var pendingRows: [Hash: [Int64]] = [:]
        /// Whether the open transaction registered its commit and rollback hooks.
        var hooked = false
    }

    private let state = Mutex(State())

    /// The hash of campaign `campaignID`'s key `dedupKey`.
    static func hash(campaignID: String, dedupKey: String) -> Hash {
        var hasher = Hasher()
        hasher.combine(campaignID)
        hasher.combine(dedupKey)
        return Hash(truncatingIfNeeded: hasher.finalize())
    }

    /// Committed entries (for `/metrics` and the memory bound).
    var count: Int {
        state.withLock { $0.rows.count + $0.collisions.values.reduce(0) { $0 + $1.count } }
    }

    /// The row ids that may hold `hash`, committed or added by the open transaction.
    func rows(for hash: Hash) -> [Int64] {
        state.withLock { state in
            var found = state.pendingRows[hash] ?? []
            if let row = state.rows[hash] { found.append(row) }
            if let more = state.collisions[hash] { found += more }
            return found
        }
    }

    /// Adds row `rowID` under `hash` in `db`'s open transaction: visible at once to that
    /// transaction, to everyone after its commit, never after a rollback.
    func insert(_ hash: Hash, rowID: Int64, _ db: Database) {
        let hook = state.withLock { state in
            state.pending.append((hash, rowID))
            state.pendingRows[hash, default: []].append(rowID)
            defer { state.hooked = true }
            return !state.hooked
        }
        guard hook else { return }
        db.afterNextTransaction { [self] _ in
            publishPending()
        } onRollback: { [self] _ in
            dropPending()
        }
    }

    /// Forgets the rows `rowIDs` held under their hashes; called once their deletion committed.
    func remove(_ entries: [(Hash, Int64)]) {
        state.withLock { state in
            for (hash, rowID) in entries {
                if state.rows[hash] == rowID {
                    state.rows[hash] = nil
                    if var more = state.collisions[hash], !more.isEmpty {
                        state.rows[hash] = more.removeLast()
                        state.collisions[hash] = more.isEmpty ? nil : more
                    }
                } else if var more = state.collisions[hash] {
                    more.removeAll { $0 == rowID }
                    state.collisions[hash] = more.isEmpty ? nil : more
                }
            }
        }
    }

    /// Fills the index from the `conversions` table (when the store opens).
    ///
    /// - Throws: GRDB's error when the table cannot be read.
    func rebuild(_ db: Database) throws {
        var fresh = State()
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, campaign_id, dedup_key FROM conversions WHERE dedup_key IS NOT NULL")
        while let row = try rows.next() {
            let rowID: Int64 = row[0]
            Self.add(Self.hash(campaignID: row[1], dedupKey: row[2]), rowID, to: &fresh)
        }
        state.withLock { $0 = fresh }
    }

    private func publishPending() {
        state.withLock { state in
            for (hash, rowID) in state.pending {
                Self.add(hash, rowID, to: &state)
            }
            Self.clearPending(&state)
        }
    }

    private func dropPending() {
        state.withLock { Self.clearPending(&$0) }
    }

    private static func clearPending(_ state: inout State) {
        state.pending.removeAll(keepingCapacity: true)
        state.pendingRows.removeAll(keepingCapacity: true)
        state.hooked = false
    }

    private static func add(_ hash: Hash, _ rowID: Int64, to state: inout State) {
        if state.rows[hash] == nil {
            state.rows[hash] = rowID
        } else {
            state.collisions[hash, default: []].append(rowID)
        }
    }
}
