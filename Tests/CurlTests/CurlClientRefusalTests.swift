import Curl
import Testing

/// Requests refused before anything goes on the wire, each with a message naming the input.
@Suite(.timeLimit(.minutes(1)))
struct CurlClientRefusalTests {
    /// libcurl 7.88.1 refuses these URLs itself; the error carries curl's message and the URL.
    @Test(arguments: [
        ("/q?click_id=a b", "Bad query"),
        ("/q?click_id=a\tb", "Bad query"),
        ("/q?click_id=\u{7F}", "Bad query"),
    ])
    func urlsLibcurlRefuses(target: String, detail: String) async throws {
        try await TestServer.with { server in
            let url = server.url(target)
            let error = try await #require(throws: CurlError.self) {
                try await CurlClient.withClient { client in try await client.send(CurlRequest(url: url)) }
            }
            #expect(error.isMalformedURL)
            #expect(error.url == url)
            #expect(error.message.contains("URL using bad/illegal format"))
            #expect(error.message.contains(detail))
            #expect(error.description.contains(url))
            #expect(server.requests.isEmpty)
        }
    }

    @Test(arguments: [
        ("not a url", "bad/illegal format"),
        ("file:///etc/passwd", "\"file\" not supported"),
        ("http://127.0.0.1:99999/", "Port number"),
        ("http://127.0.0.1/\u{0}x", "NUL byte"),
    ])
    func unusableURLs(url: String, expected: String) async throws {
        let error = try await #require(throws: CurlError.self) {
            try await CurlClient.withClient { client in try await client.send(CurlRequest(url: url)) }
        }
        #expect(error.description.contains(expected), "\(error)")
        #expect(error.url == url)
    }

    @Test(arguments: [
        (HTTPHeader("X-Injected", "a\r\nX-Other: b"), "line break"),
        (HTTPHeader("Bad:Name", "v"), "header name"),
        (HTTPHeader("", "v"), "header name"),
        (HTTPHeader("Bad Name", "v"), "header name"),
    ])
    func badHeadersAreRefused(header: HTTPHeader, expected: String) async throws {
        try await TestServer.with { server in
            let url = server.url("/h")
            let error = try await #require(throws: CurlError.self) {
                try await CurlClient.withClient { client in
                    try await client.send(CurlRequest(url: url, headers: [header]))
                }
            }
            #expect(error.description.contains(expected), "\(error)")
            #expect(error.description.contains(url))
            #expect(server.requests.isEmpty)
        }
    }

    /// libcurl would skip such an entry and resolve the real host: refused instead.
    @Test(arguments: ["garbage", "clickwall.net:443:127.0.0.1", "clickwall.net:https:127.0.0.1:8443", ""])
    func malformedConnectToEntriesAreRefused(entry: String) async throws {
        let error = try await #require(throws: CurlError.self) {
            try await CurlClient.withClient { client in
                try await client.send(CurlRequest(url: "https://clickwall.net/p", connectTo: [entry]))
            }
        }
        #expect(error.description.contains("CURLOPT_CONNECT_TO entry \(String(reflecting: entry))"), "\(error)")
    }

    @Test(arguments: ["", "GE T", "GET\r\n"])
    func badMethodsAreRefused(method: String) async throws {
        let error = try await #require(throws: CurlError.self) {
            try await CurlClient.withClient { client in
                try await client.send(CurlRequest(method: method, url: "http://127.0.0.1:1/"))
            }
        }
        #expect(error.description.contains("is not an HTTP token"), "\(error)")
    }

    @Test func maxConnectionsBelowOneIsRefused() throws {
        let error = try #require(throws: CurlError.self) { try CurlClient(maxConnections: 0) }
        #expect(error.description.contains("maxConnections must be at least 1, got 0"))
    }
}
