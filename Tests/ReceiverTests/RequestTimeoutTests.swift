import Foundation
import PostbackTesting
import Receiver
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The head timeout on a kept-alive connection: one timer per connection, set again when it
/// fires before the latest deadline. A client that keeps sending within the timeout is served;
/// one that goes quiet is closed a head timeout after its last answer.
struct RequestTimeoutTests {
    @Test("a kept-alive connection lives while requests come, and closes a head timeout after the last answer")
    func keepAliveAndIdleClose() async throws {
        var configuration = ReceiverConfiguration()
        configuration.limits = ConnectionLimits(headTimeout: .seconds(1), bodyTimeout: .seconds(1))
        try await withTestReceiver(configuration: configuration) { receiver in
            try await receiver.makeWorld()
            let port = receiver.running.port
            let outcome = try await withCheckedThrowingContinuation { continuation in
                let thread = Thread { continuation.resume(with: Result { try Self.session(port: port) }) }
                thread.start()
            }
            // The connection's first timer was due at 1 s; requests at 0.6 s and 1.2 s moved the
            // deadline on, so the one at 1.2 s must be answered on the same connection.
            #expect(outcome.statuses == [200, 200, 200])
            // Closed about 1 s after the last answer (1.2 s): not before 1.9 s, not after 4 s.
            let closedAt = try #require(outcome.closedAfter)
            #expect(closedAt > 1.9 && closedAt < 4, "closed \(closedAt) s after the connection opened")
        }
    }

    struct Outcome: Sendable {
        var statuses: [Int]
        var closedAfter: Double?
    }

    /// Connects, sends a request at once, at 0.6 s and at 1.2 s, reading each answer, then
    /// waits (at most 6 s) for the receiver to close the connection.
    static func session(port: Int) throws -> Outcome {
        let fd = try RawHTTP.open(port: port, timeout: 6)
        defer { close(fd) }
        let opened = Date()
        var statuses: [Int] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        for (index, at) in [0.0, 0.6, 1.2].enumerated() {
            let wait = at - Date().timeIntervalSince(opened)
            if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
            let request = Array(
                "GET /postback/advertiser?campaign_id=c1&click_id=clk1&n=\(index) HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
            let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent == request.count else { break }
            var received: [UInt8] = []
            while PostbackChannelHandlerTests.parse(received) == nil {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { return Outcome(statuses: statuses, closedAfter: nil) }
                received += buffer[0..<count]
            }
            statuses.append(PostbackChannelHandlerTests.parse(received)?.0.status ?? -1)
        }
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return Outcome(statuses: statuses, closedAfter: count == 0 ? Date().timeIntervalSince(opened) : nil)
    }
}
