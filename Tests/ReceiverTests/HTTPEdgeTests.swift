import Foundation
import PostbackTesting
import Receiver
import Testing

/// What reaches the receiver's port at the edges of HTTP/1.1 — raw UTF-8 in the target, bytes
/// the parser refuses, a head over the limit, HTTP/1.0, a missing or doubled `Host` — gets a
/// truthful answer in rule 1's JSON and leaves a line in the postback log, over raw sockets.
@Suite(.timeLimit(.minutes(1)))
struct HTTPEdgeTests {
    typealias Raw = PostbackChannelHandlerTests

    /// `request` with its request line written as raw bytes (`line` may hold any byte).
    static func rawRequest(_ line: [UInt8], headers: String = "Host: 127.0.0.1\r\n") -> [UInt8] {
        line + Array("\r\n\(headers)\r\n".utf8)
    }

    @Test("raw UTF-8 in the query is accepted as production servers accept it, and logged")
    func rawUTF8Accepted() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let line =
                Array("GET /postback/advertiser?campaign_id=c1&click_id=clk1&city=M".utf8) + [0xC3, 0xBC]
                + Array("nchen HTTP/1.1".utf8)
            let answers = try await Raw.exchange(
                port: receiver.running.port, bytes: Self.rawRequest(line), answers: 1)
            try #require(answers.count == 1)
            #expect(answers[0].status == 200, "\(answers[0].body)")
            #expect(answers[0].body.contains(#""result":"accepted""#))
            let log = try #require(try JSONBody(try await receiver.admin("GET", "/api/postbacks")).array)
            #expect((log.first?["url"] as? String)?.contains("city=M%C3%BCnchen") == true)
        }
    }

    @Test("invalid UTF-8 in the query gets rule 1's 400 in JSON, logged and counted on its campaign")
    func invalidUTF8Refused() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let line =
                Array("GET /postback/advertiser?campaign_id=c1&click_id=clk1&city=".utf8) + [0xFF, 0xFE]
                + Array(" HTTP/1.1".utf8)
            let answers = try await Raw.exchange(
                port: receiver.running.port, bytes: Self.rawRequest(line), answers: 1)
            try #require(answers.count == 1)
            #expect(answers[0].status == 400)
            #expect(answers[0].body.contains(#""reason":"malformed_request""#))
            let stats = try JSONBody(try await receiver.admin("GET", "/api/campaigns/c1/stats"))
            #expect((stats["rejected"] as? NSDictionary)?["malformed_request"] as? NSNumber == 1)
        }
    }

    @Test("a postback followed by bytes the parser refuses keeps its verdict; the bytes get their own 400")
    func garbageAfterAPostback() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let requests =
                "GET /postback/advertiser?campaign_id=c1&click_id=clk1 HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n"
            let answers = try await Raw.exchange(
                port: receiver.running.port, bytes: Array(requests.utf8), answers: 3)
            #expect(answers.map(\.status) == [200, 400], "the connection closes after the 400")
            #expect(answers.first?.body.contains(#""result":"accepted""#) == true)
            #expect(answers.last?.headers["connection"] == "close")
            #expect(answers.last?.body.contains(#""reason":"malformed_request""#) == true)
            let log = try #require(try JSONBody(try await receiver.admin("GET", "/api/postbacks")).array)
            #expect(
                Set(log.compactMap { $0["url"] as? String }) == [
                    "GARBAGE", "/postback/advertiser?campaign_id=c1&click_id=clk1",
                ])
        }
    }

    @Test("a head over the parser's limit gets 431 in JSON and is logged")
    func oversizedHead() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let pad = String(repeating: "x", count: 600 * 1024)
            let request =
                "GET /postback/advertiser?campaign_id=c1&click_id=clk1 HTTP/1.1\r\nHost: x\r\nX-Pad: \(pad)\r\n\r\n"
            let answers = try await Raw.exchange(port: receiver.running.port, bytes: Array(request.utf8), answers: 1)
            try #require(answers.count == 1)
            #expect(answers[0].status == 431)
            #expect(answers[0].body.contains(#""reason":"malformed_request""#))
            let log = try #require(try JSONBody(try await receiver.admin("GET", "/api/postbacks")).array)
            #expect((log.first?["http_status"] as? NSNumber)?.intValue == 431)
            #expect((log.first?["url"] as? String)?.hasPrefix("/postback/advertiser?campaign_id=c1") == true)
        }
    }

    @Test(
        "HTTP/1.0 is answered and closed, or kept open and told so when it asks for keep-alive",
        arguments: ["/postback/advertiser?campaign_id=c1&click_id=clk1", "/healthz"])
    func http10(target: String) async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let closing = try await Raw.exchange(
                port: receiver.running.port, bytes: Array("GET \(target) HTTP/1.0\r\n\r\n".utf8), answers: 2)
            #expect(closing.map(\.status) == [200])
            #expect(closing.first?.headers["connection"] == "close")
            let keeping = try await Raw.exchange(
                port: receiver.running.port,
                bytes: Array(
                    ("GET \(target) HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" + "GET /healthz HTTP/1.0\r\n\r\n").utf8),
                answers: 2)
            #expect(keeping.map(\.status) == [200, 200])
            #expect(keeping.first?.headers["connection"] == "keep-alive")
        }
    }

    @Test(
        "an HTTP/1.1 request without exactly one Host gets 400 and a close",
        arguments: ["", "Host: a\r\nHost: b\r\n"])
    func hostEnforced(headers: String) async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let request = "GET /postback/advertiser?campaign_id=c1&click_id=clk1 HTTP/1.1\r\n\(headers)\r\n"
            let answers = try await Raw.exchange(port: receiver.running.port, bytes: Array(request.utf8), answers: 2)
            #expect(answers.map(\.status) == [400])
            #expect(answers.first?.body.contains("Host") == true)
            let stats = try JSONBody(try await receiver.admin("GET", "/api/campaigns/c1/stats"))
            #expect((stats["conversions"] as? NSNumber)?.intValue == 0)
        }
    }
}
