import Curl
import Testing

/// Timeouts, refused connections, TLS through connect-to, and redirects.
@Suite(.timeLimit(.minutes(1)))
struct CurlClientTransportTests {
    @Test func totalTimeoutIsATimeoutWithCurlsMessage() async throws {
        try await TestServer.with { server in
            let url = server.url("/hang")
            let clock = ContinuousClock()
            let started = clock.now
            let error = try await #require(throws: CurlError.self) {
                try await CurlClient.withClient { client in
                    try await client.send(CurlRequest(url: url, timeout: .seconds(2)))
                }
            }
            let elapsed = clock.now - started
            #expect(error.isTimeout)
            #expect(!error.isConnectFailure)
            #expect(error.message.contains("timed out"), "\(error)")
            #expect(error.description.contains(url))
            #expect(elapsed >= .milliseconds(1900))
            #expect(elapsed < .seconds(8))
            // The request was sent (2 s leave room for a loaded machine): the total timeout, not the connect's.
            #expect(server.requests.count == 1)
        }
    }

    /// The connect timeout covers the TLS handshake: a server that accepts and never answers.
    @Test func connectTimeoutIsATimeout() async throws {
        try await TestServer.with(.silent) { server in
            let clock = ContinuousClock()
            let started = clock.now
            let error = try await #require(throws: CurlError.self) {
                try await CurlClient.withClient { client in
                    try await client.send(
                        CurlRequest(
                            url: "https://clickwall.net/postback", connectTimeout: .milliseconds(600),
                            timeout: .seconds(20), connectTo: ["clickwall.net:443:127.0.0.1:\(server.port)"],
                            caFile: try Fixtures.tls("ca.pem")))
                }
            }
            #expect(error.isTimeout, "\(error)")
            #expect(!error.message.isEmpty)
            #expect(clock.now - started < .seconds(10), "well before the 20 s total timeout")
            #expect(server.acceptedConnections == 1)
        }
    }

    @Test func refusedConnectionNamesTheURL() async throws {
        let port = try await TestServer.with { $0.port }  // closed again: nothing listens there now
        let url = "http://127.0.0.1:\(port)/postback?click_id=1"
        let error = try await #require(throws: CurlError.self) {
            try await CurlClient.withClient { client in try await client.send(CurlRequest(url: url)) }
        }
        #expect(error.isConnectFailure)
        #expect(!error.isTimeout)
        #expect(error.code == 7)
        #expect(error.message.contains("Failed to connect to 127.0.0.1 port \(port)"), "\(error)")
        #expect(error.description.contains(url))
        #expect(error.description.contains("sending GET"))
    }

    @Test func connectToReachesTheLocalTLSServerUnderTheRealHostName() async throws {
        try await TestServer.with(.tls) { server in
            let url = "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id={click_id}"
            let response = try await CurlClient.withClient { client in
                try await client.send(
                    CurlRequest(
                        url: url, connectTo: ["clickwall.net:443:127.0.0.1:\(server.port)"],
                        caFile: try Fixtures.tls("ca.pem")))
            }
            #expect(response.status == 200)
            #expect(response.effectiveURL == url)
            let received = try #require(server.requests.first)
            #expect(received.uri == "/postback/advertiser?campaign_id=1234&click_id={click_id}")
            #expect(received.header("Host") == "clickwall.net")
        }
    }

    @Test(arguments: [
        ("clickwall.net", "other-ca.pem", "unable to get local issuer certificate"),
        ("example.org", "ca.pem", "no alternative certificate subject name matches target host name 'example.org'"),
    ])
    func certificateVerificationFailsWithCurlsMessage(host: String, caName: String, expected: String) async throws {
        try await TestServer.with(.tls) { server in
            let url = "https://\(host)/postback"
            let error = try await #require(throws: CurlError.self) {
                try await CurlClient.withClient { client in
                    try await client.send(
                        CurlRequest(
                            url: url, connectTo: ["\(host):443:127.0.0.1:\(server.port)"],
                            caFile: try Fixtures.tls(caName)))
                }
            }
            #expect(error.isTLSFailure)
            #expect(error.code == 60)
            #expect(error.message.contains(expected), "\(error)")
            #expect(error.description.contains(url))
            #expect(server.requests.isEmpty)
        }
    }

    @Test func missingCAFileIsNamed() async throws {
        try await TestServer.with(.tls) { server in
            let error = try await #require(throws: CurlError.self) {
                try await CurlClient.withClient { client in
                    try await client.send(
                        CurlRequest(
                            url: "https://clickwall.net/", connectTo: ["clickwall.net:443:127.0.0.1:\(server.port)"],
                            caFile: "/nonexistent/ca.pem"))
                }
            }
            #expect(error.isTLSFailure)
            #expect(error.message.contains("/nonexistent/ca.pem"), "\(error)")
        }
    }

    @Test func redirectsAreNotFollowedByDefault() async throws {
        try await TestServer.with { server in
            let response = try await CurlClient.withClient { client in
                try await client.send(CurlRequest(url: server.url("/redirect")))
            }
            #expect(response.status == 302)
            #expect(response.redirectLocation == "/target?from=redirect")
            #expect(response.header("location") == "/target?from=redirect")
            #expect(response.bodyText == "moved")
            #expect(response.effectiveURL == server.url("/redirect"))
            #expect(server.requests.map(\.uri) == ["/redirect"])
        }
    }

    @Test func redirectsAreFollowedWhenAsked() async throws {
        try await TestServer.with { server in
            let response = try await CurlClient.withClient { client in
                try await client.send(CurlRequest(url: server.url("/redirect"), followRedirects: true))
            }
            #expect(response.status == 200)
            #expect(response.bodyText == "ok")
            #expect(response.redirectLocation == nil)
            #expect(response.header("Location") == nil)
            #expect(response.header("X-Test-Server") == "yes")
            #expect(response.effectiveURL == server.url("/target?from=redirect"))
            #expect(server.requests.map(\.uri) == ["/redirect", "/target?from=redirect"])
        }
    }

    @Test func redirectLoopsStopAtMaxRedirects() async throws {
        try await TestServer.with { server in
            let error = try await #require(throws: CurlError.self) {
                try await CurlClient.withClient { client in
                    try await client.send(CurlRequest(url: server.url("/loop"), followRedirects: true, maxRedirects: 3))
                }
            }
            #expect(error.code == 47)
            #expect(error.message.contains("Maximum (3) redirects followed"), "\(error)")
            #expect(server.requests.count == 4)
        }
    }
}
