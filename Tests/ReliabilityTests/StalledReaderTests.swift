import Curl
import Foundation
import PostbackTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Finding 2, memory without bound: clients that ask for a large answer (the postback log,
/// about 10 MB) and never read it do not make the receiver hold that answer for each of them.
/// The log is read and written a page at a time with back-pressure, so a stalled reader holds a
/// page and a chunk; the memory is bounded by the number of connections, not the answer's size.
/// Under pressure, stalled readers are shed like other slow clients.
struct StalledReaderTests {
    /// Log lines recorded, each with a padded URL: about 10 MB of JSON in all.
    static let logLines = 2_400
    static let padBytes = 4_000
    /// Connections that request the whole log and never read.
    static let stalledReaders = 32
    /// Growth of the receiver's resident memory allowed while they stall, for all of them: 2 MiB
    /// each. Before the log was streamed, each held the whole answer (10 MB of JSON, its buffer
    /// copy and the decoded lines), over 20 MB each.
    static let allowedGrowthKiB = stalledReaders * 2 * 1024

    @Test(.timeLimit(.minutes(2)))
    func stalledReadersOfTheWholeLogHoldBoundedMemory() async throws {
        let serve = try ServeProcess([], ownDatabase: true)
        defer { serve.stop() }
        let port = serve.port

        let failures = await Self.recordLog(port: port)
        #expect(failures == 0, "\(failures) postbacks were not answered 404 unknown_campaign")

        // A reader that reads gets the whole log, newest first, as one JSON array.
        try await CurlClient.withClient { client in
            let admin = AdminClient(client: client, baseURL: serve.baseURL)
            let log = try await admin.postbacks("limit=10000")
            #expect(log.count == Self.logLines)
            let ids = log.compactMap { ($0["id"] as? NSNumber)?.int64Value }
            #expect(ids.count == log.count && zip(ids, ids.dropFirst()).allSatisfy { $0 > $1 })
        }
        let baseline = try #require(serve.residentKiB)

        var sockets = try await Self.stallReaders(port: port)
        defer { sockets.forEach { close($0) } }

        // While they stall: memory stays within the bound and /healthz answers within 2 s (4-6.5 s before).
        var peak = baseline
        var slowestHealth = 0.0
        for _ in 0..<10 {
            let start = Date()
            let health = RawHTTP.exchange(port: port, RawHTTP.get("/healthz"), timeout: 5)
            slowestHealth = max(slowestHealth, Date().timeIntervalSince(start))
            #expect(health.status == 200, "healthz: \(health)")
            peak = max(peak, serve.residentKiB ?? 0)
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(
            peak - baseline <= Self.allowedGrowthKiB,
            "resident memory grew \((peak - baseline) / 1024) MiB for \(Self.stalledReaders) stalled readers")
        #expect(slowestHealth < 2, "healthz took \(slowestHealth) s")
        print(
            "stalled readers: \(Self.stalledReaders), baseline \(baseline / 1024) MiB, peak \(peak / 1024) MiB, "
                + "growth \((peak - baseline) / 1024) MiB, slowest healthz \(Int(slowestHealth * 1000)) ms")

        // Once they close, the memory is given back (what is left stays within the bound too).
        sockets.forEach { close($0) }
        sockets = []
        let released = try await poll(timeout: .seconds(10), every: .milliseconds(100)) {
            (serve.residentKiB ?? .max) - baseline <= Self.allowedGrowthKiB / 2
        }
        #expect(released, "resident memory after the readers closed: \((serve.residentKiB ?? 0) / 1024) MiB")
        #expect(serve.isRunning, "the receiver died; stderr: \(serve.stderr.suffix(2000))")
    }

    @Test(.timeLimit(.minutes(2)))
    func stalledReadersAreShedUnderPressure() async throws {
        // Pressure from 20 connections on: the 32 stalled readers are over it.
        let serve = try ServeProcess(["--max-connections", "40"], ownDatabase: true)
        defer { serve.stop() }
        let port = serve.port
        #expect(await Self.recordLog(port: port) == 0)

        let sockets = try await Self.stallReaders(port: port)
        defer { sockets.forEach { close($0) } }
        #expect(SlowClientTests.openSockets(pid: serve.pid) > 20, "the readers were shed before they stalled")
        let start = Date()
        // From half the cap on, one that has taken nothing for the shedding time (2 s) is closed:
        // the receiver gets back to the pressure mark (20 readers and its listening socket at
        // most). Before, all 32 were held as long as the clients wished.
        let shed = try await poll(timeout: .seconds(20), every: .milliseconds(100)) {
            SlowClientTests.openSockets(pid: serve.pid) <= 21
        }
        #expect(shed, "the receiver still holds \(SlowClientTests.openSockets(pid: serve.pid)) sockets")
        print("stalled readers shed after \(Date().timeIntervalSince(start)) s")
        #expect(RawHTTP.exchange(port: port, RawHTTP.get("/healthz")).status == 200)
    }

    /// Opens ``stalledReaders`` connections with a tiny receive window, asks each for the whole
    /// log and reads nothing; returns once every answer has started (the old code wrote only a
    /// finished answer). The caller closes them.
    static func stallReaders(port: Int) async throws -> [Int32] {
        var sockets: [Int32] = []
        for _ in 0..<stalledReaders {
            let fd = try RawHTTP.open(port: port, timeout: 5, receiveBuffer: 4096)
            sockets.append(fd)
            #expect(RawHTTP.write(fd, RawHTTP.get("/api/postbacks?limit=10000", close: false)))
        }
        let started = try await poll(timeout: .seconds(60), every: .milliseconds(50)) {
            sockets.allSatisfy(hasBytesWaiting)
        }
        #expect(started, "not every stalled reader was answered")
        return sockets
    }

    /// Records ``logLines`` rejected postbacks (no such campaign; logged like any other), each
    /// with a ``padBytes`` parameter, over 4 kept-alive connections; returns how many were not
    /// answered 404.
    static func recordLog(port: Int) async -> Int {
        let failures = Shared(0)
        let pad = String(repeating: "p", count: padBytes)
        await onThreads(4) { worker in
            guard let fd = try? RawHTTP.open(port: port, timeout: 10) else {
                failures.withLock { $0 += logLines / 4 }
                return
            }
            defer { close(fd) }
            for index in stride(from: worker, to: logLines, by: 4) {
                let target = "/postback/advertiser?campaign_id=big&click_id=c\(index)&pad=\(pad)"
                RawHTTP.write(fd, RawHTTP.get(target, close: false))
                if RawHTTP.readAnswer(fd).status != 404 { failures.withLock { $0 += 1 } }
            }
        }
        return failures.value
    }

    /// Whether bytes of an answer wait on `fd` (peeked, not read).
    static func hasBytesWaiting(_ fd: Int32) -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) == 1
    }
}
