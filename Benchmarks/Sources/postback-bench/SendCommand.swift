import ArgumentParser
import Curl
import Foundation
import Synchronization

/// `postback-bench send`: the Swift side of the sender benchmark, the counterpart of
/// `Benchmarks/c-baseline/multi-send.c` — `count` distinct postbacks through one
/// ``CurlClient``, `inflight` at a time (as many tasks, each sending its next postback when the
/// last is answered), each URL the prefix plus `&click_id=c<i>&txid=t<i>`.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Send COUNT distinct postbacks with CurlClient, INFLIGHT at a time.")

    @Argument(help: "URL prefix, e.g. http://127.0.0.1:8080/postback/advertiser?campaign_id=bench")
    var prefix: String

    @Argument(help: "How many postbacks to send.")
    var count: Int

    @Argument(help: "How many in flight at once.")
    var inflight: Int

    @Argument(help: "keepalive or fresh (a new connection per request).")
    var mode: String

    func validate() throws {
        guard count >= 1, (1...4096).contains(inflight) else {
            throw ValidationError("COUNT must be at least 1 and INFLIGHT 1...4096")
        }
        guard mode == "keepalive" || mode == "fresh" else { throw ValidationError("mode is keepalive or fresh") }
    }

    func run() async throws {
        let fresh = mode == "fresh"
        let prefix = self.prefix
        let count = self.count
        let inflight = self.inflight
        let start = ContinuousClock.now
        let next = Ticket()
        let (answered, ok) = try await CurlClient.withClient(maxConnections: inflight) { client in
            // `inflight` senders, each sending the next postback as soon as its last one is answered.
            await withTaskGroup(of: (Int, Int).self) { group in
                for _ in 0..<min(inflight, count) {
                    group.addTask {
                        var answered = 0
                        var ok = 0
                        while true {
                            let index = next.take()
                            guard index < count else { break }
                            let request = CurlRequest(
                                url: "\(prefix)&click_id=c\(index)&txid=t\(index)", freshConnection: fresh)
                            if let status = try? await client.send(request).status {
                                answered += 1
                                if (200...299).contains(status) { ok += 1 }
                            }
                        }
                        return (answered, ok)
                    }
                }
                var total = (0, 0)
                for await (answered, ok) in group {
                    total.0 += answered
                    total.1 += ok
                }
                return total
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "sent=\(count) answered=\(answered) ok=\(ok) seconds=\(String(format: "%.3f", seconds)) rate=\(String(format: "%.0f", Double(count) / seconds))"
        )
        if answered != count { throw ExitCode(1) }
    }
}

/// Hands out 0, 1, 2, … to the sending tasks.
final class Ticket: Sendable {
    private let counter = Atomic<Int>(0)

    func take() -> Int {
        counter.add(1, ordering: .relaxed).oldValue
    }
}
