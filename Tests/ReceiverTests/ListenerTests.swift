import Curl
import Foundation
import Logging
import NIOCore
import PostbackCore
import PostbackTesting
import Store
import Testing

@testable import Receiver

/// Binding rules, bind failures and the TLS listener.
@Suite(.timeLimit(.minutes(1)))
struct ListenerTests {
    @Test(
        "a non-loopback host without admin token is refused before binding",
        arguments: ["0.0.0.0", "::", "10.1.2.3", "192.168.0.10", "example.com"])
    func insecureBindRefused(host: String) async throws {
        let store = try SQLitePostbackStore(path: nil)
        let error = await #expect(throws: ReceiverError.self) {
            try await withReceiver(configuration: ReceiverConfiguration(host: host), store: store) { _ in }
        }
        #expect(error?.isInsecureBind == true)
        #expect(error?.description.contains(host) == true)
        #expect(error?.description.contains("--admin-token") == true)
    }

    @Test(
        "an admin token that no client can send is refused before binding",
        arguments: [" ", "t0ken ", " t0ken", "t0 ken", "t\u{00F6}ken", "t0ken\t"])
    func unsendableTokenRefused(token: String) async throws {
        let store = try SQLitePostbackStore(path: nil)
        let error = await #expect(throws: ReceiverError.self) {
            try await withReceiver(
                configuration: ReceiverConfiguration(host: "0.0.0.0", adminToken: token), store: store
            ) { _ in }
        }
        #expect(error?.description.contains("visible ASCII") == true, "\(String(describing: error))")
    }

    @Test("loopback hosts need no token", arguments: ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
    func loopbackAccepted(host: String) async throws {
        let store = try SQLitePostbackStore(path: nil)
        let port = try await withReceiver(configuration: ReceiverConfiguration(host: host), store: store) {
            running in running.port
        }
        #expect(port > 0)
    }

    @Test("a receiver serves on as many event-loop threads as configured", arguments: [1, 3])
    func eventLoops(count: Int) async throws {
        let group = ReceiverEventLoops.group(threads: count)
        #expect(Array(group.makeIterator()).count == count)
        #expect(ReceiverEventLoops.group(threads: count) === group)
        var configuration = ReceiverConfiguration()
        configuration.eventLoops = count
        try await withTestReceiver(configuration: configuration) { receiver in
            // Each on a connection of its own: every loop of the group gets some to serve.
            let statuses = try await withThrowingTaskGroup(of: Int.self) { tasks in
                for _ in 0..<12 {
                    tasks.addTask {
                        try await receiver.send("GET", "/healthz", headers: [HTTPHeader("Connection", "close")]).status
                    }
                }
                return try await tasks.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 12))
        }
    }

    @Test("a port in use is ReceiverError.cannotBind with the system's message")
    func cannotBind() async throws {
        try await withTestReceiver { first in
            let store = try SQLitePostbackStore(path: nil)
            let error = await #expect(throws: ReceiverError.self) {
                try await withReceiver(
                    configuration: ReceiverConfiguration(port: first.running.port), store: store
                ) { _ in }
            }
            #expect(error?.isCannotBind == true)
            #expect(error?.description.contains("\(first.running.port)") == true)
            #expect(error?.description.lowercased().contains("in use") == true, "\(String(describing: error))")
            #expect(error?.description.hasSuffix("Address already in use (errno 98)") == true, "no stray parenthesis")
            try await first.expectServing()
        }
    }

    @Test("a certificate file that cannot be read is ReceiverError.invalidTLS")
    func badTLSFiles() async throws {
        let store = try SQLitePostbackStore(path: nil)
        var configuration = ReceiverConfiguration()
        configuration.tls = .init(certificateChain: "/nonexistent/server.pem", privateKey: "/nonexistent/key.pem")
        let error = await #expect(throws: ReceiverError.self) {
            try await withReceiver(configuration: configuration, store: store) { _ in }
        }
        #expect(error?.isInvalidTLS == true)
        #expect(error?.description.contains("/nonexistent/server.pem") == true)
    }

    static func tlsConfiguration() -> ReceiverConfiguration {
        var configuration = ReceiverConfiguration()
        configuration.tls = .init(
            certificateChain: PackageRoot.fixture("tls/server.pem").path,
            privateKey: PackageRoot.fixture("tls/server-key.pem").path)
        return configuration
    }

    @Test("an https postback to clickwall.net reaches the TLS listener, verified against the test CA")
    func tlsPostback() async throws {
        try await withTestReceiver(configuration: Self.tlsConfiguration()) { receiver in
            try await receiver.makeWorld()
            let tlsPort = try #require(receiver.running.tlsPort)
            #expect(tlsPort != receiver.running.port)
            let request = CurlRequest(
                url: "https://clickwall.net/postback/advertiser?campaign_id=c1&click_id=clk1",
                connectTo: ["clickwall.net:443:127.0.0.1:\(tlsPort)"],
                caFile: PackageRoot.fixture("tls/ca.pem").path)
            let response = try await receiver.client.send(request)
            #expect(response.status == 200)
            #expect(try JSONBody(response).string("result") == "accepted")
            // the same store behind both listeners
            let again = try await receiver.get("/postback/advertiser?campaign_id=c1&click_id=clk1")
            #expect(try JSONBody(again).string("result") == "duplicate")

            var wrongCA = request
            wrongCA.caFile = PackageRoot.fixture("tls/other-ca.pem").path
            await #expect(throws: (any Error).self) { try await receiver.client.send(wrongCA) }
            try await receiver.expectServing()
        }
    }
}
