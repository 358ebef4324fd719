import Foundation
import PostbackTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Finding 5, one client starving the rest: with `--max-connections-per-peer`, a slowloris crowd
/// from one address holds at most that many connections, the rest are closed when accepted, and
/// clients from other addresses are served at once; on the TLS port, a handshake that does not
/// finish is closed after the handshake timeout (5 s), not the 30 s head timeout.
struct FairnessTests {
    static let crowd = 200
    static let perPeer = 16
    static let wellBehaved = 20

    @Test(.timeLimit(.minutes(1)))
    func slowlorisCrowdFromOnePeerLeavesOtherPeersServed() async throws {
        let serve = try ServeProcess([
            "--db", ":memory:", "--max-connections", "64", "--max-connections-per-peer", "\(Self.perPeer)",
        ])
        defer { serve.stop() }
        let port = serve.port
        let crowdStarted = Shared(false)
        let held = Shared(0)
        let trickleSeconds: TimeInterval = 4
        async let crowd: Void = onThreads(1) { _ in
            var sockets = (0..<Self.crowd).compactMap { _ in try? RawHTTP.open(port: port, timeout: 1) }
            for fd in sockets { RawHTTP.write(fd, Array("GET /healthz HTTP/1.1\r\nHost: x\r\n".utf8)) }
            crowdStarted.withLock { $0 = true }
            let deadline = Date().addingTimeInterval(trickleSeconds)
            while Date() < deadline {
                // A header byte now and then from each connection still open.
                sockets = sockets.filter { fd in
                    if RawHTTP.write(fd, Array("X".utf8)) { return true }
                    close(fd)
                    return false
                }
                Thread.sleep(forTimeInterval: 0.25)
            }
            // A write to a connection the receiver closed fails by the second try: these are held.
            held.withLock { $0 = sockets.count }
            sockets.forEach { close($0) }
        }
        #expect(try await poll(timeout: .seconds(5)) { crowdStarted.value }, "the crowd did not start")

        // Meanwhile, a client from another loopback address: each request answered, at once.
        var slowest = 0.0
        for _ in 0..<Self.wellBehaved {
            let start = Date()
            let outcome = RawHTTP.exchange(port: port, RawHTTP.get("/healthz"), timeout: 5, source: "127.0.0.2")
            slowest = max(slowest, Date().timeIntervalSince(start))
            #expect(outcome.status == 200, "\(outcome)")
        }
        await crowd
        #expect(slowest < 1, "the slowest answer to another peer took \(slowest) s")
        #expect(held.value == Self.perPeer, "the receiver held \(held.value) of the crowd's connections")
        print("fairness: crowd \(Self.crowd), per-peer \(Self.perPeer), held \(held.value), slowest \(slowest) s")
        #expect(serve.isRunning)
    }

    @Test(.timeLimit(.minutes(1)))
    func unfinishedTLSHandshakeIsClosedAfterTheHandshakeTimeout() async throws {
        let tls = PackageRoot.fixture("tls")
        let serve = try ServeProcess([
            "--db", ":memory:", "--tls-cert", tls.appendingPathComponent("server.pem").path,
            "--tls-key", tls.appendingPathComponent("server-key.pem").path, "--tls-port", "0",
        ])
        defer { serve.stop() }
        let printed = try String(contentsOf: serve.stdoutFile, encoding: .utf8)
        let range = try #require(printed.range(of: "https://127.0.0.1:"), "no TLS listener in: \(printed)")
        let tlsPort = try #require(Int(printed[range.upperBound...].prefix { $0.isNumber }))

        // Half-open handshakes: connected, nothing sent. Each is closed after about 5 s.
        let closedAfter = Shared<[TimeInterval]>([])
        await onThreads(4) { _ in
            guard let fd = try? RawHTTP.open(port: tlsPort, timeout: 10) else { return }
            defer { close(fd) }
            let start = Date()
            if RawHTTP.readAnswer(fd) == .closed {
                closedAfter.withLock { $0.append(Date().timeIntervalSince(start)) }
            }
        }
        let seen = closedAfter.value
        #expect(seen.count == 4, "closed: \(seen)")
        #expect(seen.allSatisfy { $0 >= 4.5 && $0 < 8 }, "closed after \(seen) s")
    }
}
