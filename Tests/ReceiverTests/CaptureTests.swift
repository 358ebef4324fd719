import Curl
import Foundation
import PostbackTesting
import Testing

/// Every postback leaves evidence (issue: support's capture): `/api/postbacks` keeps each
/// request's header fields as received, in order, and whether it came over TLS.
struct CaptureTests {
    /// The log line of the newest request, as `/api/postbacks` serves it.
    private static func newestLine(_ receiver: TestReceiver) async throws -> NSDictionary {
        let log = try JSONBody(try await receiver.admin("GET", "/api/postbacks?limit=1"))
        return try #require(log.array?.first)
    }

    private static func headerPairs(_ line: NSDictionary) -> [[String]] {
        ((line["headers"] as? [NSDictionary]) ?? []).map {
            [$0["name"] as? String ?? "", $0["value"] as? String ?? ""]
        }
    }

    @Test("an http postback: its header fields as sent, names as written, and tls false")
    func plainPostbackKeepsItsHeaders() async throws {
        try await withTestReceiver(configuration: ListenerTests.tlsConfiguration()) { receiver in
            try await receiver.makeWorld()
            let answer = try await receiver.send(
                "GET", "/postback/advertiser?campaign_id=c1&click_id=clk1",
                headers: [HTTPHeader("User-Agent", "Keitaro/10.2"), HTTPHeader("X-Tracker-Trace", "run 7; ok=ü")])
            #expect(answer.status == 200)
            let line = try await Self.newestLine(receiver)
            #expect(line["result"] as? String == "accepted")
            #expect(line["tls"] as? Bool == false)
            let pairs = Self.headerPairs(line)
            #expect(pairs.contains(["User-Agent", "Keitaro/10.2"]), "\(pairs)")
            #expect(pairs.contains(["X-Tracker-Trace", "run 7; ok=ü"]), "\(pairs)")
            #expect(pairs.first == ["Host", "127.0.0.1:\(receiver.running.port)"], "Host first: \(pairs)")
        }
    }

    @Test("an https postback is logged with tls true; a request the parser refuses keeps tls and no headers")
    func tlsIsRecorded() async throws {
        try await withTestReceiver(configuration: ListenerTests.tlsConfiguration()) { receiver in
            try await receiver.makeWorld()
            let tlsPort = try #require(receiver.running.tlsPort)
            let response = try await receiver.client.send(
                CurlRequest(
                    url: "https://clickwall.net/postback/advertiser?campaign_id=c2&click_id=clk2",
                    connectTo: ["clickwall.net:443:127.0.0.1:\(tlsPort)"],
                    caFile: PackageRoot.fixture("tls/ca.pem").path))
            #expect(response.status == 200)
            let line = try await Self.newestLine(receiver)
            #expect(line["tls"] as? Bool == true)
            #expect(Self.headerPairs(line).contains(["Host", "clickwall.net"]))

            let refused = RawHTTP.exchange(
                port: receiver.running.port,
                Array("GET /postback/advertiser?a=b\u{01} HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            #expect(refused.status == 400, "\(refused)")
            let unparsed = try await Self.newestLine(receiver)
            #expect(unparsed["tls"] as? Bool == false)
            #expect(unparsed["headers"] is NSNull)
        }
    }
}
