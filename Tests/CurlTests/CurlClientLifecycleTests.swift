import Curl
import PostbackTesting
import Synchronization
import Testing

/// Many requests at once, connection reuse, cancellation and shutdown.
@Suite(.timeLimit(.minutes(1)))
struct CurlClientLifecycleTests {
    /// The server holds every answer until 64 requests are waiting at once, so the first wave
    /// completes only if 64 are really in flight; the rest reuse those 64 connections.
    @Test func manyRequestsInFlightCompleteOnReusedConnections() async throws {
        try await TestServer.with(gateSize: 64) { server in
            let statuses = try await CurlClient.withClient(maxConnections: 64) { client in
                var statuses: [Int] = []
                for _ in 0..<2 {
                    try await withThrowingTaskGroup(of: Int.self) { group in
                        for index in 0..<80 {
                            group.addTask {
                                let response = try await client.send(
                                    CurlRequest(url: server.url("/gate?n=\(index)"), timeout: .seconds(20)))
                                return response.status
                            }
                        }
                        for try await status in group {
                            statuses.append(status)
                        }
                    }
                }
                return statuses
            }
            #expect(statuses.count == 160)
            #expect(statuses.allSatisfy { $0 == 200 })
            #expect(server.requests.count == 160)
            #expect(server.acceptedConnections <= 64)
            #expect(server.acceptedConnections >= 64)
        }
    }

    @Test func sequentialRequestsShareOneConnectionUnlessFresh() async throws {
        try await TestServer.with { server in
            try await CurlClient.withClient { client in
                for _ in 0..<5 {
                    _ = try await client.send(CurlRequest(url: server.url("/reused")))
                }
            }
            #expect(server.acceptedConnections == 1)
        }
        try await TestServer.with { server in
            try await CurlClient.withClient { client in
                for _ in 0..<5 {
                    _ = try await client.send(CurlRequest(url: server.url("/fresh"), freshConnection: true))
                }
            }
            #expect(server.acceptedConnections == 5)
        }
    }

    @Test func cancellingATaskRemovesItsTransfer() async throws {
        try await TestServer.with { server in
            try await CurlClient.withClient { client in
                let task = Task {
                    try await client.send(CurlRequest(url: server.url("/hang"), timeout: .seconds(30)))
                }
                try await waitUntil { server.requests.count == 1 }
                let clock = ContinuousClock()
                let started = clock.now
                task.cancel()
                let result = await task.result
                #expect(clock.now - started < .seconds(10), "well before the transfer's 30 s timeout")
                #expect(throws: CancellationError.self) { try result.get() }
                // The transfer was removed from the multi handle: its connection is closed.
                try await waitUntil { server.closedConnections == 1 }
                // The client goes on working.
                let response = try await client.send(CurlRequest(url: server.url("/after")))
                #expect(response.status == 200)
            }
        }
    }

    @Test func aTaskCancelledBeforeSendingSendsNothing() async throws {
        try await TestServer.with { server in
            try await CurlClient.withClient { client in
                let task = Task {
                    withUnsafeCurrentTask { $0?.cancel() }
                    return try await client.send(CurlRequest(url: server.url("/never")))
                }
                let result = await task.result
                #expect(throws: CancellationError.self) { try result.get() }
                _ = try await client.send(CurlRequest(url: server.url("/after")))
            }
            #expect(server.requests.map(\.uri) == ["/after"])
        }
    }

    @Test func shutdownFailsRunningRequestsAndIsIdempotent() async throws {
        try await TestServer.with { server in
            let client = try CurlClient()
            let url = server.url("/hang")
            let task = Task { try await client.send(CurlRequest(url: url)) }
            try await waitUntil { server.requests.count == 1 }
            await client.shutdown()

            let running = try await #require(throws: CurlError.self) { try await task.value }
            #expect(running.isShutdown)
            #expect(running.description.contains(url))
            await client.shutdown()
            let later = try await #require(throws: CurlError.self) {
                try await client.send(CurlRequest(url: server.url("/later")))
            }
            #expect(later.isShutdown)
            try await waitUntil { server.closedConnections == 1 }
            #expect(server.requests.count == 1)
        }
    }

    @Test func withClientShutsDownWhenTheBodyThrows() async throws {
        struct Stop: Error {}
        let kept = Mutex<CurlClient?>(nil)
        await #expect(throws: Stop.self) {
            try await CurlClient.withClient { client in
                kept.withLock { $0 = client }
                throw Stop()
            }
        }
        let client = try #require(kept.withLock { $0 })
        let error = try await #require(throws: CurlError.self) {
            try await client.send(CurlRequest(url: "http://127.0.0.1:1/"))
        }
        #expect(error.isShutdown)
    }

    /// Waits, at most 5 s in 10 ms steps, until `condition` holds; fails the test otherwise.
    private func waitUntil(
        _ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        if try await poll(until: condition) { return }
        Issue.record("condition not met within 5 s", sourceLocation: sourceLocation)
    }
}
