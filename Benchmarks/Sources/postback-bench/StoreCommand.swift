import ArgumentParser
import Foundation
import PostbackCore
import Store
import Synchronization

/// `postback-bench store`: the SQLite store alone, without HTTP: a `dedup: click_txid` campaign
/// and its clicks in a new file, then `--count` valid postbacks (each a new conversion) through
/// ``SQLitePostbackStore/process(_:now:completion:)`` with `--inflight` outstanding, as the
/// receiver's channel handler submits them. Prints the rate, the process's CPU time and the
/// WAL bytes per postback (the part of the receiver's cost that is the rule chain and the
/// durable write), the dedup index's entries and the resident memory at the end.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Measure the SQLite store alone: postbacks decided and committed per second.")

    @Option(help: "The database file to create (must not exist).")
    var db: String

    @Option(help: "How many postbacks to process (1...10000000).")
    var count: Int = 200_000

    @Option(help: "How many clicks they are spread over (1...1000000).")
    var clicks: Int = 100_000

    @Option(help: "Postbacks outstanding at once (1...4096).")
    var inflight: Int = 64

    func validate() throws {
        guard (1...10_000_000).contains(count) else { throw ValidationError("--count must be 1...10000000") }
        guard (1...1_000_000).contains(clicks) else { throw ValidationError("--clicks must be 1...1000000") }
        guard (1...4096).contains(inflight) else { throw ValidationError("--inflight must be 1...4096") }
        guard !FileManager.default.fileExists(atPath: db) else { throw ValidationError("\(db) exists already") }
    }

    func run() async throws {
        let store = try SQLitePostbackStore(path: db)
        try await store.putCampaign(
            Campaign(id: "bench", payout: Money(value: 1), dedup: .clickTxid))
        let now = Date()
        let ids = (0..<clicks).map { String(format: "c%07d%08x", $0, UInt32.random(in: 0...UInt32.max)) }
        for start in stride(from: 0, to: clicks, by: 50_000) {
            try await store.addClicks(
                ids[start..<min(start + 50_000, clicks)].map { Click(id: $0, campaignID: "bench", createdAt: now) })
        }
        let count = self.count
        let inflight = self.inflight
        let started = ContinuousClock.now
        let cpuBefore = Self.cpuSeconds()
        let walBefore = store.activity?.walBytesWritten ?? 0
        let accepted = try await withCheckedThrowingContinuation { (done: CheckedContinuation<Int, any Error>) in
            let pump = Pump(store: store, ids: ids, count: count, now: now, done: done)
            for _ in 0..<min(inflight, count) { pump.next() }
        }
        let seconds =
            Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        let cpu = Self.cpuSeconds() - cpuBefore
        let wal = (store.activity?.walBytesWritten ?? 0) - walBefore
        print(
            String(
                format: "store-result postbacks=%d accepted=%d seconds=%.3f rate=%.0f cpu_us_per_postback=%.1f "
                    + "wal_bytes_per_postback=%.0f dedup_entries=%d rss_mb=%d",
                count, accepted, seconds, Double(count) / seconds, cpu / Double(count) * 1e6,
                Double(wal) / Double(count), store.activity?.dedupEntries ?? 0, Self.residentMegabytes()))
    }

    /// This process's resident memory now (VmRSS), in MB.
    static func residentMegabytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
    }

    /// User plus system CPU time of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Submits the next postback whenever one is answered, until `count` were answered.
    final class Pump: Sendable {
        let store: SQLitePostbackStore
        let ids: [String]
        let count: Int
        let now: Date
        let done: CheckedContinuation<Int, any Error>
        let state = Mutex((submitted: 0, answered: 0, accepted: 0, failure: String?.none))

        init(
            store: SQLitePostbackStore, ids: [String], count: Int, now: Date, done: CheckedContinuation<Int, any Error>
        ) {
            self.store = store
            self.ids = ids
            self.count = count
            self.now = now
            self.done = done
        }

        func next() {
            let number: Int? = state.withLock { state in
                guard state.submitted < count else { return nil }
                state.submitted += 1
                return state.submitted
            }
            guard let number else { return }
            let click = ids[number % ids.count]
            let request = PostbackRequest(
                method: "GET", target: "/postback/advertiser?campaign_id=bench&click_id=\(click)&txid=t\(number)",
                source: "127.0.0.1", receivedAt: now)
            store.process(request, now: now) { result in
                let finished: (accepted: Int, failure: String?)? = self.state.withLock { state in
                    state.answered += 1
                    switch result {
                    case .success(let verdict) where verdict.result == .accepted: state.accepted += 1
                    case .success(let verdict): state.failure = state.failure ?? "\(verdict.result): \(verdict.message)"
                    case .failure(let error): state.failure = state.failure ?? "\(error)"
                    }
                    return state.answered == self.count ? (state.accepted, state.failure) : nil
                }
                if let finished {
                    if let failure = finished.failure {
                        self.done.resume(throwing: ValidationError("a postback was not accepted: \(failure)"))
                    } else {
                        self.done.resume(returning: finished.accepted)
                    }
                } else {
                    self.next()
                }
            }
        }
    }
}
