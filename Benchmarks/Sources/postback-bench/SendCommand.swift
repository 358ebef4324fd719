import ArgumentParser
import Curl
import Foundation
import Synchronization

/// `postback-bench send`: the Swift side of the sender benchmark, the counterpart of
/// `Benchmarks/c-baseline/multi-send.c` — `count` distinct postbacks through one
/// ``CurlClient``, `inflight` at a time (``CurlClient/send(count:inflight:request:response:)``,
/// the client's load API: the next postback starts as soon as one is answered), each URL the
/// prefix plus `&click_id=c<i>&txid=t<i>`.
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
        let tally = Tally()
        try await CurlClient.withClient(maxConnections: inflight) { client in
            try await client.send(
                count: count, inflight: inflight,
                request: { index in
                    CurlRequest(url: "\(prefix)&click_id=c\(index)&txid=t\(index)", freshConnection: fresh)
                },
                response: { _, outcome in tally.add(outcome) })
        }
        let (answered, ok) = tally.counts
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "sent=\(count) answered=\(answered) ok=\(ok) seconds=\(String(format: "%.3f", seconds)) rate=\(String(format: "%.0f", Double(count) / seconds))"
        )
        if answered != count { throw ExitCode(1) }
    }
}

/// Counts the answers and the 2xx among them (on the client's thread).
final class Tally: Sendable {
    private let answered = Atomic<Int>(0)
    private let ok = Atomic<Int>(0)

    func add(_ outcome: Result<CurlResponse, CurlError>) {
        guard case .success(let response) = outcome else { return }
        answered.add(1, ordering: .relaxed)
        if (200...299).contains(response.status) { ok.add(1, ordering: .relaxed) }
    }

    var counts: (answered: Int, ok: Int) {
        (answered.load(ordering: .relaxed), ok.load(ordering: .relaxed))
    }
}
