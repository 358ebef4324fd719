import Curl
import Testing

@Suite(.timeLimit(.minutes(1)))
struct CurlClientRequestTests {
    @Test func getSendsHeadersAndUserAgent() async throws {
        try await TestServer.with { server in
            let request = CurlRequest(
                url: server.url("/hello?x=1"),
                headers: [HTTPHeader("X-Click-Id", "abc-123"), HTTPHeader("X-Empty", "")],
                userAgent: "postback-harness/test")
            let response = try await CurlClient.withClient { client in try await client.send(request) }

            #expect(response.status == 200)
            #expect(response.bodyText == "ok")
            #expect(response.header("X-TEST-SERVER") == "yes")
            #expect(response.header("x-mixed-case") == "Value With Spaces")
            #expect(response.effectiveURL == server.url("/hello?x=1"))
            #expect(response.redirectLocation == nil)
            #expect(response.totalTime > .zero)
            let received = try #require(server.requests.first)
            #expect(received.method == "GET")
            #expect(received.uri == "/hello?x=1")
            #expect(received.header("User-Agent") == "postback-harness/test")
            #expect(received.header("X-Click-Id") == "abc-123")
            #expect(received.header("X-Empty") == "")
            #expect(received.header("Host") == "127.0.0.1:\(server.port)")
            #expect(received.body.isEmpty)
        }
    }

    @Test func withoutUserAgentNoneIsSent() async throws {
        try await TestServer.with { server in
            _ = try await CurlClient.withClient { client in try await client.send(CurlRequest(url: server.url("/"))) }
            let received = try #require(server.requests.first)
            #expect(received.header("User-Agent") == nil)
        }
    }

    @Test func postBodyArrivesByteExact() async throws {
        let body: [UInt8] = Array(0...255) + Array("campaign_id=1234&click_id=a%20b\r\n\0end".utf8)
        try await TestServer.with { server in
            let request = CurlRequest(
                method: "POST", url: server.url("/postback"),
                headers: [HTTPHeader("Content-Type", "application/octet-stream")],
                body: body)
            let response = try await CurlClient.withClient { client in try await client.send(request) }

            #expect(response.status == 200)
            let received = try #require(server.requests.first)
            #expect(received.method == "POST")
            #expect(received.body == body)
            #expect(received.header("Content-Length") == String(body.count))
            #expect(received.header("Content-Type") == "application/octet-stream")
            #expect(received.header("Expect") == nil)
        }
    }

    @Test func postWithoutBodySendsAnEmptyOne() async throws {
        try await TestServer.with { server in
            _ = try await CurlClient.withClient { client in
                try await client.send(CurlRequest(method: "POST", url: server.url("/postback")))
            }
            let received = try #require(server.requests.first)
            #expect(received.method == "POST")
            #expect(received.header("Content-Length") == "0")
            #expect(received.body.isEmpty)
        }
    }

    @Test(arguments: ["PUT", "DELETE", "PATCH", "PURGE"])
    func otherMethodsCarryTheirBody(method: String) async throws {
        try await TestServer.with { server in
            let body = Array("event=install".utf8)
            let response = try await CurlClient.withClient { client in
                try await client.send(CurlRequest(method: method, url: server.url("/m"), body: body))
            }
            #expect(response.status == 200)
            let received = try #require(server.requests.first)
            #expect(received.method == method)
            #expect(received.body == body)
        }
    }

    @Test func headGetsNoBody() async throws {
        try await TestServer.with { server in
            let response = try await CurlClient.withClient { client in
                try await client.send(CurlRequest(method: "HEAD", url: server.url("/h")))
            }
            #expect(response.status == 200)
            #expect(response.body.isEmpty)
            #expect(server.requests.first?.method == "HEAD")
        }
    }

    /// The request target reaches the server byte for byte: nothing encoded, decoded or
    /// normalised (DESIGN §2: a tracker's malformed URL is the point).
    @Test(arguments: [
        "/postback/advertiser?campaign_id=1234&click_id=%7Bclick_id%7D",
        "/postback/advertiser?campaign_id=1234&click_id={click_id}",
        "/q?click_id=%ZZ&x=%&y=%4",
        "/q?a=b|c&d=\"e\"&f=<g>^`",
        "/q?x=caf%C3%A9",
        "/a/../b/./c?x=1",
        "/q?amp;click_id=1&&x==&Click_ID=2",
        "/{path}/with|pipes?x=[1]",
    ])
    func queryBytesArriveAsSent(target: String) async throws {
        try await TestServer.with { server in
            let response = try await CurlClient.withClient { client in
                try await client.send(CurlRequest(url: server.url(target)))
            }
            #expect(response.status == 200)
            #expect(server.requests.map(\.uri) == [target])
        }
    }

    /// Raw non-ASCII bytes go out as they are too. NIOHTTP1's parser (and so Hummingbird's)
    /// answers 400 to them, so this server reads the request line itself.
    @Test func nonASCIIBytesArriveRaw() async throws {
        try await TestServer.with(.raw) { server in
            let target = "/q?x=café&y=€"
            let response = try await CurlClient.withClient { client in
                try await client.send(CurlRequest(url: server.url(target)))
            }
            #expect(response.status == 200)
            #expect(server.rawTargets == [Array(target.utf8)])
        }
    }

    /// A body on GET goes out as given (the receiver's tests send one on purpose).
    @Test func getCanCarryABody() async throws {
        try await TestServer.with { server in
            let body = Array("click_id=abc".utf8)
            _ = try await CurlClient.withClient { client in
                try await client.send(CurlRequest(method: "GET", url: server.url("/g"), body: body))
            }
            let received = try #require(server.requests.first)
            #expect(received.method == "GET")
            #expect(received.body == body)
        }
    }

    @Test func aFragmentIsNotSent() async throws {
        try await TestServer.with { server in
            _ = try await CurlClient.withClient { client in
                try await client.send(CurlRequest(url: server.url("/f?x=1#click_id=abc")))
            }
            #expect(server.requests.map(\.uri) == ["/f?x=1"])
        }
    }

    /// A 100 KB query string goes out whole.
    @Test func aLongQueryGoesOutWhole() async throws {
        try await TestServer.with(.raw) { server in
            let target = "/q?click_id=" + String(repeating: "a", count: 100 * 1024)
            let response = try await CurlClient.withClient { client in
                try await client.send(CurlRequest(url: server.url(target)))
            }
            #expect(response.status == 200)
            #expect(server.rawTargets == [Array(target.utf8)])
        }
    }

    /// The scoped client can be used from an actor-isolated context.
    @MainActor
    @Test func usableFromTheMainActor() async throws {
        try await TestServer.with { server in
            let status = try await CurlClient.withClient { client in
                try await client.send(CurlRequest(url: server.url("/main"))).status
            }
            #expect(status == 200)
        }
    }
}
