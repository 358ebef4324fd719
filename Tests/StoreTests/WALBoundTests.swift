import Foundation
import PostbackCore
import Synchronization
import Testing

@testable import Store

/// Under continuous writes the WAL stays bounded: the checkpointer asks the writer to checkpoint
/// between two batches once the WAL passes its bound, and the WAL starts afresh. Without that,
/// background checkpoints alone never let it restart and it grows with every postback.
struct WALBoundTests {
    @Test("30,000 postbacks kept 64 in flight leave the WAL near its bound, every one recorded")
    func theWALStaysBounded() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pbh-wal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("wal.sqlite").path
        // A bound of 256 frames (1 MiB): the postbacks below write over 100 MiB of WAL.
        let store = try SQLitePostbackStore(path: path, rules: PostbackRules(), walRestartFrames: 256)
        try await store.putCampaign(StoreFixtures.campaign("wal", dedup: .clickTxid))
        let clicks = (0..<2_000).map { "w\($0)-\(UUID().uuidString.prefix(8))" }
        try await store.addClicks(StoreFixtures.clicks("wal", clicks))

        let count = 30_000
        let largestWAL = Largest()
        let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<64 {
                group.addTask {
                    var accepted = 0
                    for index in stride(from: worker, to: count, by: 64) {
                        let request = StoreFixtures.request(
                            campaignID: "wal", clickID: clicks[index % clicks.count], extra: "&txid=t\(index)")
                        if try await store.process(request, now: StoreFixtures.now).result == .accepted {
                            accepted += 1
                        }
                        if index % 640 == 0 {
                            largestWAL.note(Self.fileSize(path + "-wal"))
                        }
                    }
                    return accepted
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(accepted == count)
        let stats = try #require(try await store.stats(campaignID: "wal"))
        #expect(stats.conversions == count)
        // Each postback writes a few pages (4 KiB each) to the WAL: unbounded, these 30,000 left
        // 152 MB in a debug build here. Bounded, the file is the bound plus what came in the
        // checkpointer's 100 ms between turns (about 22 MB here).
        let largest = largestWAL.value
        #expect(largest < 48 << 20, "the WAL reached \(largest >> 20) MiB")
    }

    /// The largest size seen.
    final class Largest: Sendable {
        private let largest = Mutex(0)
        func note(_ size: Int) { largest.withLock { $0 = max($0, size) } }
        var value: Int { largest.withLock { $0 } }
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
