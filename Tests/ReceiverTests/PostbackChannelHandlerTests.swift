import Foundation
import PostbackTesting
import Receiver
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The receiver's one postback path (`PostbackChannelHandler` over `PostbackEndpoint`): every
/// method on `/postback/advertiser`, answers in the order the requests came, over raw sockets
/// so that requests can be pipelined and every header byte is seen.
struct PostbackChannelHandlerTests {
    @Test("pipelined requests, postbacks and others mixed, are answered in order")
    func pipelinedInOrder() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let postback = "/postback/advertiser?campaign_id=c1&click_id=clk1"
            let form = "campaign_id=c2&click_id=clk2"
            let requests =
                Self.request("GET", postback) + Self.request("GET", "/healthz") + Self.request("GET", postback)
                + Self.request("GET", "/api/campaigns/c1/stats") + Self.request("PUT", postback)
                + Self.request(
                    "POST", "/postback/advertiser", headers: ["Content-Type: application/x-www-form-urlencoded"],
                    body: form)
                + Self.request("GET", "/postback/advertiser?campaign_id=c1&click_id=nope", close: true)
            let answers = try await Self.exchange(port: receiver.running.port, requests, answers: 7)
            try #require(answers.count == 7, "answers: \(answers.map(\.status))")
            #expect(answers.map(\.status) == [200, 200, 200, 200, 405, 200, 404])
            #expect(answers[0].body.contains(#""result":"accepted""#))
            #expect(answers[1].body == #"{"status":"ok"}"#)
            #expect(answers[2].body.contains(#""result":"duplicate""#))
            #expect(answers[3].body.contains(#""conversions":1"#), "stats read after the first postback committed")
            #expect(answers[4].headers["allow"] == "GET, POST")
            #expect(answers[4].body.contains(#""reason":"malformed_request""#))
            #expect(answers[5].body.contains(#""result":"accepted""#))
            #expect(answers[6].body.contains(#""reason":"unknown_click""#))
            for answer in answers where answer.status != 200 || answer.body.hasPrefix(#"{"conversion_id""#) {
                #expect(answer.headers["content-type"] == "application/json; charset=utf-8")
                #expect(answer.headers["content-length"] == String(answer.body.utf8.count))
                #expect(answer.headers["date"]?.hasSuffix(" GMT") == true)
            }
            let log = try JSONBody(try await receiver.admin("GET", "/api/postbacks?limit=100"))
            #expect(log.array?.count == 5, "the four postbacks and the 405, each logged once")
        }
    }

    @Test("a postback answer has a status line and exactly Content-Type, Content-Length and Date")
    func answerHeaders() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let answers = try await Self.exchange(
                port: receiver.running.port,
                Self.request("GET", "/postback/advertiser?campaign_id=c1&click_id=clk1", close: true), answers: 1)
            try #require(answers.count == 1)
            #expect(answers[0].statusLine == "HTTP/1.1 200 OK")
            #expect(answers[0].headerNames == ["content-type", "content-length", "date"])
        }
    }

    /// One request each, and the status line, the extra headers and the `reason` it gets.
    static let answerTable: [(request: String, statusLine: String, headers: [String], reason: String?)] = [
        (request("GET", "/postback/advertiser?campaign_id=c1&click_id=clk1&payout=1.20"), "HTTP/1.1 200 OK", [], nil),
        (
            request("GET", "/postback/advertiser?campaign_id=c1&click_id={click_id}"), "HTTP/1.1 400 Bad Request", [],
            "unsubstituted_macro"
        ),
        (
            request("GET", "/postback/advertiser?campaign_id=nope&click_id=clk1"), "HTTP/1.1 404 Not Found", [],
            "unknown_campaign"
        ),
        (request("GET", "/postback/advertiser?clickid=clk1"), "HTTP/1.1 400 Bad Request", [], "missing_parameter"),
        (
            request("DELETE", "/postback/advertiser?campaign_id=c1&click_id=clk1"),
            "HTTP/1.1 405 Method Not Allowed", ["allow"], "malformed_request"
        ),
        (
            request(
                "POST", "/postback/advertiser", headers: ["Content-Type: application/x-www-form-urlencoded"],
                body: "campaign_id=c1&click_id=clk1&pad=" + String(repeating: "b", count: 9_000)),
            "HTTP/1.1 413 Payload Too Large", ["connection"], "malformed_request"
        ),
        (
            request(
                "GET", "/postback/advertiser?campaign_id=c1&click_id=clk1",
                headers: ["X-Pad: " + String(repeating: "x", count: 20_000)]),
            "HTTP/1.1 431 Request Header Fields Too Large", [], "malformed_request"
        ),
    ]

    @Test("each kind of answer has its status line, its own headers and its reason", arguments: answerTable.indices)
    func answerKinds(index: Int) async throws {
        let row = Self.answerTable[index]
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let answers = try await Self.exchange(port: receiver.running.port, row.request, answers: 1)
            try #require(answers.count == 1)
            #expect(answers[0].statusLine == row.statusLine)
            #expect(answers[0].headerNames == row.headers + ["content-type", "content-length", "date"])
            let reason = row.reason.map { #""reason":"\#($0)""# } ?? #""reason":null"#
            #expect(answers[0].body.contains(reason), "\(answers[0].body)")
        }
    }

    @Test("a body over rule 1's 8 KiB is answered 413, logged, and the connection closed")
    func bodyTooLarge() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let body = "campaign_id=c1&click_id=clk1&pad=" + String(repeating: "b", count: 70_000)
            let requests =
                Self.request(
                    "POST", "/postback/advertiser", headers: ["Content-Type: application/x-www-form-urlencoded"],
                    body: body) + Self.request("GET", "/healthz")
            let answers = try await Self.exchange(port: receiver.running.port, requests, answers: 2)
            #expect(answers.first?.status == 413)
            #expect(answers.count == 1, "the connection is closed after the 413")
            #expect(answers.first?.body.contains(#""reason":"malformed_request""#) == true)
            #expect(answers.first?.body.contains("8192-byte limit") == true)
            let log = try JSONBody(try await receiver.admin("GET", "/api/postbacks?limit=10"))
            #expect(log.array?.count == 1)
            #expect((log.array?.first?["http_status"] as? NSNumber)?.intValue == 413)
            try await receiver.expectServing()
        }
    }

    // MARK: - Raw HTTP

    struct Answer {
        var statusLine: String
        var status: Int
        var headerNames: [String]
        var headers: [String: String]
        var body: String
        /// The answer's bytes as received.
        var raw: [UInt8]
    }

    static func request(
        _ method: String, _ target: String, headers: [String] = [], body: String? = nil, close: Bool = false
    ) -> String {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for header in headers { text += header + "\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        if close { text += "Connection: close\r\n" }
        return text + "\r\n" + (body ?? "")
    }

    /// Writes `requests` at once on one connection and reads up to `answers` answers, stopping
    /// early when the receiver closes the connection (5 s at most per read). The blocking socket
    /// work runs on a thread of its own, off Swift's small cooperative pool.
    static func exchange(port: Int, _ requests: String, answers wanted: Int) async throws -> [Answer] {
        try await exchange(port: port, bytes: Array(requests.utf8), answers: wanted)
    }

    /// ``exchange(port:_:answers:)`` with the requests as bytes (any byte, valid UTF-8 or not).
    static func exchange(port: Int, bytes: [UInt8], answers wanted: Int) async throws -> [Answer] {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try blockingExchange(port: port, bytes, answers: wanted) })
            }
            thread.start()
        }
    }

    private static func blockingExchange(port: Int, _ bytes: [UInt8], answers wanted: Int) throws -> [Answer] {
        let fd = try RawHTTP.open(port: port, timeout: 5)
        defer { close(fd) }
        RawHTTP.write(fd, bytes)  // closed under us (the 413): read what was answered
        var received: [UInt8] = []
        var answers: [Answer] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while answers.count < wanted {
            if let (answer, used) = parse(received) {
                answers.append(answer)
                received.removeFirst(used)
                continue
            }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return answers
    }

    /// One complete answer at the start of `bytes`, and how many bytes it took.
    static func parse(_ bytes: [UInt8]) -> (Answer, Int)? {
        guard let headEnd = bytes.firstRange(of: [13, 10, 13, 10]) else { return nil }
        let lines = String(decoding: bytes[..<headEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        var names: [String] = []
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = pair[0].lowercased()
            names.append(name)
            headers[name] = pair[1].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        guard bytes.count - headEnd.upperBound >= length else { return nil }
        let body = String(decoding: bytes[headEnd.upperBound..<headEnd.upperBound + length], as: UTF8.self)
        let status = Int(lines[0].split(separator: " ").dropFirst().first ?? "") ?? -1
        return (
            Answer(
                statusLine: lines[0], status: status, headerNames: names, headers: headers, body: body,
                raw: Array(bytes[..<(headEnd.upperBound + length)])),
            headEnd.upperBound + length
        )
    }
}
