import Curl
import Foundation
import PostbackTesting
import Synchronization
import Testing

/// ``CurlClient/send(count:inflight:request:response:)``, the load API: every request made once,
/// answered once, never more than `inflight` at a time, and nothing lost on errors, shutdown or
/// cancellation.
@Suite(.timeLimit(.minutes(1)))
struct CurlClientLoadTests {
    /// What the response closure saw, by index.
    final class Outcomes: Sendable {
        private let state = Mutex<[Int: [Result<CurlResponse, CurlError>]]>([:])

        func add(_ index: Int, _ outcome: Result<CurlResponse, CurlError>) {
            state.withLock { $0[index, default: []].append(outcome) }
        }

        var byIndex: [Int: [Result<CurlResponse, CurlError>]] { state.withLock { $0 } }
        var count: Int { state.withLock { $0.values.reduce(0) { $0 + $1.count } } }
    }

    @Test("every request is made once, in order, and answered once with its own response")
    func everyRequestOnce() async throws {
        try await TestServer.with { server in
            let outcomes = Outcomes()
            let made = Mutex<[Int]>([])
            try await CurlClient.withClient(maxConnections: 8) { client in
                try await client.send(
                    count: 500, inflight: 8,
                    request: { index in
                        made.withLock { $0.append(index) }
                        return CurlRequest(url: server.url("/load/\(index)"))
                    },
                    response: { index, outcome in outcomes.add(index, outcome) })
            }
            #expect(made.withLock { $0 } == Array(0..<500))
            let byIndex = outcomes.byIndex
            #expect(byIndex.count == 500)
            for index in 0..<500 {
                let results = byIndex[index] ?? []
                #expect(results.count == 1, "request \(index) answered \(results.count) times")
                if case .success(let response) = results.first {
                    #expect(response.status == 200)
                    #expect(response.effectiveURL == server.url("/load/\(index)"))
                } else {
                    Issue.record("request \(index): \(String(describing: results.first))")
                }
            }
            #expect(Set(server.requests.map(\.uri)) == Set((0..<500).map { "/load/\($0)" }))
        }
    }

    @Test("never more than inflight at once, and inflight at once when the server holds them")
    func inflightIsALimit() async throws {
        // The server holds each answer 20 ms and counts how many it holds at once.
        try await TestServer.with { server in
            let outcomes = Outcomes()
            try await CurlClient.withClient(maxConnections: 16) { client in
                try await client.send(
                    count: 40, inflight: 4,
                    request: { _ in CurlRequest(url: server.url("/hold"), timeout: .seconds(10)) },
                    response: { index, outcome in outcomes.add(index, outcome) })
            }
            let results = outcomes.byIndex.values.flatMap { $0 }
            #expect(results.count == 40)
            #expect(results.allSatisfy { (try? $0.get().status) == 200 })
            #expect(server.holdingPeak <= 4, "the server held \(server.holdingPeak) at once")
        }
        // The gate opens only once 5 requests are at the server together: inflight 5 reaches it.
        try await TestServer.with(gateSize: 5) { server in
            let outcomes = Outcomes()
            try await CurlClient.withClient(maxConnections: 16) { client in
                try await client.send(
                    count: 10, inflight: 5,
                    request: { _ in CurlRequest(url: server.url("/gate"), timeout: .seconds(10)) },
                    response: { index, outcome in outcomes.add(index, outcome) })
            }
            let results = outcomes.byIndex.values.flatMap { $0 }
            #expect(results.count == 10)
            #expect(results.allSatisfy { (try? $0.get().status) == 200 })
        }
    }

    @Test("a refused connection is each request's own error")
    func errorsAreReportedPerRequest() async throws {
        let port = try await TestServer.with { $0.port }  // closed again: nothing listens there
        let outcomes = Outcomes()
        try await CurlClient.withClient { client in
            try await client.send(
                count: 20, inflight: 4,
                request: { index in CurlRequest(url: "http://127.0.0.1:\(port)/gone/\(index)") },
                response: { index, outcome in outcomes.add(index, outcome) })
        }
        let byIndex = outcomes.byIndex
        #expect(byIndex.count == 20 && byIndex.values.allSatisfy { $0.count == 1 })
        for (index, results) in byIndex {
            guard case .failure(let error) = results[0] else {
                Issue.record("request \(index) to a closed port succeeded")
                continue
            }
            #expect(error.url == "http://127.0.0.1:\(port)/gone/\(index)")
            #expect(error.description.contains("onnect"), "curl's message: \(error)")
        }
    }

    @Test("a shutdown answers every request, sent or not, with the shutdown")
    func shutdownLosesNothing() async throws {
        try await TestServer.with { server in
            let outcomes = Outcomes()
            let client = try CurlClient(maxConnections: 2)
            let sending = Task {
                try await client.send(
                    count: 300, inflight: 2,
                    request: { _ in CurlRequest(url: server.url("/hang"), timeout: .seconds(30)) },
                    response: { index, outcome in outcomes.add(index, outcome) })
            }
            // Both connections' requests are at the server, hanging.
            let reached = try await poll { server.requests.count >= 2 }
            #expect(reached, "the first requests never reached the server")
            await client.shutdown()
            try await sending.value
            let byIndex = outcomes.byIndex
            #expect(byIndex.count == 300 && byIndex.values.allSatisfy { $0.count == 1 })
            #expect(
                byIndex.values.allSatisfy { if case .failure(let error) = $0[0] { error.isShutdown } else { false } })
            #expect(server.requests.count <= 2, "only the two in flight reached the server")
        }
    }

    @Test("cancelling the task stops the feed at once and starts nothing more")
    func cancellationStops() async throws {
        try await TestServer.with { server in
            let outcomes = Outcomes()
            try await CurlClient.withClient(maxConnections: 4) { client in
                let sending = Task {
                    try await client.send(
                        count: 100, inflight: 4,
                        request: { _ in CurlRequest(url: server.url("/hang"), timeout: .seconds(30)) },
                        response: { index, outcome in outcomes.add(index, outcome) })
                }
                let reached = try await poll { server.requests.count >= 4 }
                #expect(reached, "the first requests never reached the server")
                let started = ContinuousClock.now
                sending.cancel()
                await #expect(throws: CancellationError.self) { try await sending.value }
                #expect(ContinuousClock.now - started < .seconds(5))
                // The client goes on serving other requests.
                #expect(try await client.send(CurlRequest(url: server.url("/after"))).status == 200)
            }
            #expect(outcomes.count == 0, "the dropped requests get no response call")
            #expect(server.requests.filter { $0.uri == "/hang" }.count <= 4)
        }
    }

    @Test("inflight below 1 is refused; a count of 0 sends nothing")
    func badArguments() async throws {
        try await CurlClient.withClient { client in
            await #expect(throws: CurlError.self) {
                try await client.send(
                    count: 1, inflight: 0, request: { _ in CurlRequest(url: "http://127.0.0.1:1/") },
                    response: { _, _ in })
            }
            try await client.send(
                count: 0, inflight: 4,
                request: { _ in
                    Issue.record("no request may be made")
                    return CurlRequest(url: "http://127.0.0.1:1/")
                }, response: { _, _ in })
        }
    }
}
