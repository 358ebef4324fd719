import Curl
import Testing

/// The client reuses finished easy handles: nothing of one request may reach the next.
@Suite(.timeLimit(.minutes(1)))
struct CurlHandleReuseTests {
    @Test("a reused handle carries no method, body, header, User-Agent or HEAD-ness over")
    func aReusedHandleCarriesNothingOver() async throws {
        try await TestServer.with { server in
            try await CurlClient.withClient(maxConnections: 1) { client in
                let post = CurlRequest(
                    method: "POST", url: server.url("/first"), headers: [HTTPHeader("X-First", "1")],
                    body: Array("a=1".utf8), userAgent: "first/1.0")
                #expect(try await client.send(post).status == 200)
                let head = try await client.send(CurlRequest(method: "HEAD", url: server.url("/second")))
                #expect(head.body.isEmpty)
                let get = try await client.send(CurlRequest(url: server.url("/third")))
                #expect(get.bodyText == "ok")
                let fresh = try await client.send(CurlRequest(url: server.url("/fourth"), freshConnection: true))
                #expect(fresh.status == 200)
                let last = try await client.send(CurlRequest(url: server.url("/fifth")))
                #expect(last.status == 200)
            }
            let requests = server.requests
            try #require(requests.count == 5)
            #expect(requests.map(\.method) == ["POST", "HEAD", "GET", "GET", "GET"])
            #expect(requests.map(\.uri) == ["/first", "/second", "/third", "/fourth", "/fifth"])
            for received in requests.dropFirst() {
                #expect(received.header("X-First") == nil)
                #expect(received.header("User-Agent") == nil)
                #expect(received.header("Content-Length") == nil)
                #expect(received.body.isEmpty)
            }
        }
    }

    @Test("many more requests than connections, each answered with its own URL")
    func manyRequestsOnFewHandles() async throws {
        try await TestServer.with { server in
            let statuses = try await CurlClient.withClient(maxConnections: 4) { client in
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<200 {
                        group.addTask { try await client.send(CurlRequest(url: server.url("/r\(index)"))).status }
                    }
                    var statuses: [Int] = []
                    for try await status in group { statuses.append(status) }
                    return statuses
                }
            }
            #expect(statuses.count == 200 && statuses.allSatisfy { $0 == 200 })
            #expect(Set(server.requests.map(\.uri)) == Set((0..<200).map { "/r\($0)" }))
        }
    }
}
