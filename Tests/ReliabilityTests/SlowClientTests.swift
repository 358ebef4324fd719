import Curl
import Foundation
import PostbackTesting
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Point 3, slow clients: slowloris connections (a request head a byte at a time) and slow
/// bodies do not stop the receiver from serving others. The head and body timeouts close them,
/// and the connection cap bounds how many the receiver holds.
struct SlowClientTests {
    static let maxConnections = 24
    static let slowHeads = 30
    static let slowBodies = 6

    /// How the slow connections ended.
    struct SlowEnds {
        /// Set once every slow connection was opened and sent its first bytes.
        var started = false
        var closedAfter: [TimeInterval] = []
        var stillOpen = 0
    }

    @Test(.timeLimit(.minutes(1)))
    func slowlorisAndSlowBodiesAreCutAndOthersAreServed() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ph-slow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let serve = try ServeProcess([
            "--db", folder.appendingPathComponent("slow.sqlite").path, "--header-timeout", "1", "--body-timeout", "1",
            "--max-connections", "\(Self.maxConnections)",
        ])
        defer { serve.stop() }
        let clicks = (0..<20).map { "fast-\($0)" }
        try await CurlClient.withClient { client in
            let admin = AdminClient(client: client, baseURL: serve.baseURL)
            try await admin.putCampaign("slow", StormPlan(campaign: "slow").campaignJSON)
            try await admin.addClicks("slow", clicks)
        }

        let port = serve.port
        let ends = Shared(SlowEnds())
        let peakSockets = Shared(0)
        let trickleSeconds: TimeInterval = 4
        async let slow: Void = onThreads(1) { _ in
            Self.trickle(port: port, for: trickleSeconds, ends: ends)
        }
        async let watch: Void = onThreads(1) { _ in
            let deadline = Date().addingTimeInterval(trickleSeconds)
            while Date() < deadline {
                let open = Self.openSockets(pid: serve.pid)
                peakSockets.withLock { $0 = max($0, open) }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        // Meanwhile, once the slow connections are open, ordinary postbacks on fresh connections:
        // each answered, none held up for long.
        #expect(try await poll(timeout: .seconds(3)) { ends.value.started }, "the slow connections did not start")
        let latencies = try await Self.timedPostbacks(clicks, to: serve)
        await slow
        await watch

        let seen = ends.value
        #expect(seen.stillOpen == 0, "\(seen.stillOpen) slow connections were still open after \(trickleSeconds) s")
        #expect(seen.closedAfter.count == Self.slowHeads + Self.slowBodies)
        // Cut by the 1 s timeouts (those queued beyond the cap wait for a slot first).
        #expect(
            (seen.closedAfter.max() ?? 99) < 3.5,
            "slow connections closed after \(seen.closedAfter.sorted().suffix(3)) s")
        #expect((latencies.max() ?? 99) < 2.5, "postback latencies under slowloris: \(latencies)")
        let peak = peakSockets.value
        // Beyond the cap: the listener, the postback client's connection, and connections the
        // receiver has just closed whose descriptors NIO has not released at the sampling moment
        // (up to 28 seen with the cap working). Without the cap all 36 slow connections and more
        // would be open at once.
        #expect(peak <= Self.maxConnections + 6, "the receiver held \(peak) sockets; cap \(Self.maxConnections)")
        #expect(serve.isRunning)
        print(
            "slowloris: closed after \(seen.closedAfter.min() ?? 0)…\(seen.closedAfter.max() ?? 0) s, postback latency max \(latencies.max() ?? 0) s, peak sockets \(peak)"
        )
    }

    /// Sends a valid postback for each of `clicks` on a fresh connection, one after the other;
    /// each must be accepted. Returns how long each took, in seconds.
    static func timedPostbacks(_ clicks: [String], to serve: ServeProcess) async throws -> [Double] {
        var latencies: [Double] = []
        try await CurlClient.withClient { client in
            let admin = AdminClient(client: client, baseURL: serve.baseURL)
            for click in clicks {
                let start = Date()
                let answer = try await admin.postback(
                    "campaign_id=slow&click_id=\(click)", headers: [HTTPHeader("Connection", "close")])
                latencies.append(Date().timeIntervalSince(start))
                #expect(answer.status == 200 && answer.result == "accepted", "\(click): \(answer)")
            }
        }
        return latencies
    }

    @Test(
        "with the default 30 s timeouts, slow clients over the cap are shed and well-behaved ones keep being served",
        .timeLimit(.minutes(1)))
    func slowClientsAreShedUnderPressure() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ph-shed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let serve = try ServeProcess([
            "--db", folder.appendingPathComponent("shed.sqlite").path, "--max-connections", "\(Self.maxConnections)",
        ])
        defer { serve.stop() }
        let clicks = (0..<10).map { "fast-\($0)" }
        try await CurlClient.withClient { client in
            let admin = AdminClient(client: client, baseURL: serve.baseURL)
            try await admin.putCampaign("slow", StormPlan(campaign: "slow").campaignJSON)
            try await admin.addClicks("slow", clicks)
        }
        let port = serve.port
        let ends = Shared(SlowEnds())
        // More slow connections than the cap, trickling far longer than the shedding time.
        async let slow: Void = onThreads(1) { _ in Self.trickle(port: port, for: 8, ends: ends) }
        #expect(try await poll(timeout: .seconds(3)) { ends.value.started }, "the slow connections did not start")
        let latencies = try await Self.timedPostbacks(clicks, to: serve)
        await slow
        // Shed 2 s after they stalled (a slot freed for the next), not at the 30 s head timeout.
        #expect((latencies.max() ?? 99) < 5, "postback latencies with the cap full of slow clients: \(latencies)")
        // Below half the cap there is no pressure: those left wait for the ordinary head timeout.
        #expect(
            ends.value.stillOpen < Self.maxConnections / 2,
            "slow connections still open after 8 s: \(ends.value.stillOpen)")
        #expect(serve.isRunning)
        print(
            "shedding: postback latency max \(latencies.max() ?? 0) s under \(Self.slowHeads + Self.slowBodies) slow clients, cap \(Self.maxConnections)"
        )
    }

    /// Opens the slow connections and feeds each a byte every 100 ms until the receiver closes
    /// it or `seconds` pass.
    static func trickle(port: Int, for seconds: TimeInterval, ends: Shared<SlowEnds>) {
        // Each socket: what it has still to send, and how much of it goes in the first write (a
        // slow body sends its whole head at once, then the body a byte at a time).
        var sockets: [(fd: Int32, pending: [UInt8], first: Int, opened: Date)] = []
        for n in 0..<(slowHeads + slowBodies) {
            guard case .success(let fd) = RawHTTP.connect(port: port, timeout: 0.05) else { continue }
            let bytes: [UInt8]
            var first = 1
            if n < slowHeads {
                bytes =
                    Array(
                        "GET /postback/advertiser?campaign_id=slow&click_id=fast-0 HTTP/1.1\r\nHost: x\r\nX-Pad: ".utf8)
                    + Array(repeating: UInt8(ascii: "a"), count: 400)
            } else {
                let head =
                    "POST /postback/advertiser HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                let headBytes = Array((head + "Content-Length: 500\r\n\r\n").utf8)
                first = headBytes.count
                bytes = headBytes + Array(repeating: UInt8(ascii: "a"), count: 500)
            }
            sockets.append((fd, bytes, first, Date()))
        }
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !sockets.isEmpty && Date() < deadline {
            var open: [(fd: Int32, pending: [UInt8], first: Int, opened: Date)] = []
            for var socket in sockets {
                let piece = Array(socket.pending.prefix(socket.first))
                socket.pending.removeFirst(piece.count)
                socket.first = 1
                var gone = !RawHTTP.write(socket.fd, piece)
                if !gone {
                    // A close by the receiver shows as end of file (or an answer then end of file).
                    let count = buffer.withUnsafeMutableBytes {
                        recv(socket.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
                    }
                    gone = count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) || count > 0
                }
                if gone {
                    let after = Date().timeIntervalSince(socket.opened)
                    ends.withLock { $0.closedAfter.append(after) }
                    close(socket.fd)
                } else {
                    open.append(socket)
                }
            }
            sockets = open
            ends.withLock { $0.started = true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        ends.withLock { $0.stillOpen = sockets.count }
        for socket in sockets { close(socket.fd) }
    }

    /// How many sockets process `pid` has open (its listener included).
    static func openSockets(pid: Int32) -> Int {
        let folder = "/proc/\(pid)/fd"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        return entries.filter {
            ((try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\($0)")) ?? "").hasPrefix("socket:")
        }.count
    }
}
