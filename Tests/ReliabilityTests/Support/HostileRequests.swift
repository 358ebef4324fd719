import Foundation

/// A small seeded generator (SplitMix64), so that a failing fuzz run reproduces from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generated hostile requests, as raw bytes: mutated postback query strings and request shapes
/// that HTTP parsers get wrong (smuggling, duplicate lengths, floods, broken encodings).
struct HostileRequests {
    /// The campaign the fuzz postbacks name; their click ids are never issued.
    let campaign: String
    var generator: SeededGenerator

    init(campaign: String, seed: UInt64) {
        self.campaign = campaign
        generator = SeededGenerator(seed: seed)
    }

    /// What a generated request is, for messages.
    struct Request {
        var kind: String
        var bytes: [UInt8]
        /// A click that must never be recorded (the inner request of a smuggling attempt).
        var smuggledClick: String?
    }

    /// Fragments that break parsers and decoders.
    static let hostileFragments: [[UInt8]] = [
        Array("%".utf8), Array("%G".utf8), Array("%0".utf8), Array("%ZZ".utf8), Array("%00".utf8),
        Array("%0D%0A".utf8), Array("%0A".utf8), Array("%C3%28".utf8), Array("%FF%FE".utf8), Array("%E2%82".utf8),
        Array("%ED%A0%80".utf8), Array("%25%32%35".utf8), Array("&".utf8), Array("=".utf8), Array("&&==".utf8),
        Array("#".utf8), Array("?".utf8), Array("{click_id}".utf8), Array("%7Bclick_id%7D".utf8),
        Array("&click_id=".utf8), Array("&campaign_id=".utf8), Array("&amp;".utf8), Array("'\"<script>".utf8),
        Array("');DROP TABLE clicks;--".utf8), [0x00], [0x01], [0x07], [0x1B], [0x7F], [0x80], [0xC0, 0xAF], [0xFF],
        [0x09], [0x20], [0x0D], [0x0A], [0x0D, 0x0A], Array(repeating: UInt8(ascii: "A"), count: 3000),
        Array(repeating: UInt8(ascii: "%"), count: 300),
    ]

    /// The next request: `index` selects the family so that every family is well represented.
    mutating func next(index: Int) -> Request {
        let click = "fz-\(index)"
        switch Int.random(in: 0..<100, using: &generator) {
        case 0..<60: return mutatedQuery(click: click)
        case 60..<64: return smuggling(index: index)
        case 64..<68: return duplicateContentLength(click: click)
        case 68..<74: return brokenHeaders(click: click)
        case 74..<78: return invalidUTF8Headers(click: click)
        case 78..<84: return brokenRequestLine(click: click)
        case 84..<90: return brokenForm(click: click)
        case 90..<92: return headerFlood(click: click)
        case 92..<93: return overlong(click: click)
        case 93..<96: return brokenChunked(click: click)
        default: return controlCharacters(click: click)
        }
    }

    private mutating func pick<T>(_ values: [T]) -> T {
        values[Int.random(in: 0..<values.count, using: &generator)]
    }

    /// A postback query with 1–4 mutations: hostile fragments inserted, bytes deleted or
    /// replaced, a parameter repeated.
    mutating func mutatedQuery(click: String) -> Request {
        var query = Array("campaign_id=\(campaign)&click_id=\(click)&payout=1.5&status=approved".utf8)
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = Int.random(in: 0...query.count, using: &generator)
            switch Int.random(in: 0..<5, using: &generator) {
            case 0, 1: query.insert(contentsOf: pick(Self.hostileFragments), at: position)
            case 2 where position < query.count: query.remove(at: position)
            case 3 where position < query.count: query[position] = UInt8.random(in: 0...255, using: &generator)
            default: query += Array("&click_id=\(click)".utf8)
            }
        }
        var bytes = Array("GET /postback/advertiser?".utf8) + query
        bytes += Array(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        return Request(kind: "mutated query", bytes: bytes)
    }

    /// CL+TE, TE+CL, and TE obfuscations, with a second request hidden in the body whose click
    /// was issued: it must never be recorded.
    mutating func smuggling(index: Int) -> Request {
        let smuggled = "smuggled-\(index % 50)"
        let inner = "GET /postback/advertiser?campaign_id=\(campaign)&click_id=\(smuggled) HTTP/1.1\r\nHost: x\r\n\r\n"
        let te = pick([
            "Transfer-Encoding: chunked", "Transfer-Encoding : chunked", "Transfer-Encoding: xchunked",
            "Transfer-Encoding: chunked, identity", "Transfer-Encoding:\tchunked",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: x",
        ])
        let head: String
        let body: String
        if Bool.random(using: &generator) {
            body = "0\r\n\r\n" + inner
            head = "POST /postback/advertiser HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\n\(te)\r\n"
        } else {
            body = "\(String(inner.utf8.count + 2, radix: 16))\r\n\(inner)\r\n0\r\n\r\n"
            head = "POST /postback/advertiser HTTP/1.1\r\nHost: 127.0.0.1\r\n\(te)\r\nContent-Length: 3\r\n"
        }
        let bytes = Array((head + "Content-Type: application/x-www-form-urlencoded\r\n\r\n" + body).utf8)
        return Request(kind: "smuggling", bytes: bytes, smuggledClick: smuggled)
    }

    mutating func duplicateContentLength(click: String) -> Request {
        let form = "campaign_id=\(campaign)&click_id=\(click)"
        let lengths = pick([
            ("\(form.utf8.count)", "\(form.utf8.count + 5)"), ("\(form.utf8.count)", "\(form.utf8.count)"),
            ("\(form.utf8.count), \(form.utf8.count)", "0"), ("-1", "\(form.utf8.count)"),
            ("+\(form.utf8.count)", "\(form.utf8.count)"),
        ])
        let text =
            "POST /postback/advertiser HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: \(lengths.0)\r\nContent-Length: \(lengths.1)\r\nConnection: close\r\n\r\n\(form)"
        return Request(kind: "duplicate content-length", bytes: Array(text.utf8))
    }

    mutating func brokenHeaders(click: String) -> Request {
        let header = pick([
            "Content-Length : 5", "X Bad Name: 1", "NoColon", " Folded: start\r\n continued", ": empty-name",
            "Host: a\r\nHost: b", "Content-Length: 99999999999999999999",
            "Upgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA",
        ])
        let text =
            "GET /postback/advertiser?campaign_id=\(campaign)&click_id=\(click) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "\(header)\r\nConnection: close\r\n\r\n"
        return Request(kind: "broken header", bytes: Array(text.utf8))
    }

    mutating func invalidUTF8Headers(click: String) -> Request {
        var bytes = Array(
            "GET /postback/advertiser?campaign_id=\(campaign)&click_id=\(click) HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: "
                .utf8)
        bytes += pick([
            [0xFF, 0xFE, 0xFD], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x28, 0xA1],
        ])
        bytes += Array("\r\nConnection: close\r\n\r\n".utf8)
        return Request(kind: "invalid UTF-8 header", bytes: bytes)
    }

    mutating func brokenRequestLine(click: String) -> Request {
        let target = "/postback/advertiser?campaign_id=\(campaign)&click_id=\(click)"
        let line = pick([
            "GET \(target) HTTP/1.1\n", "GET \(target)\r\n", "GET  \(target)  HTTP/1.1\r\n",
            "get \(target) HTTP/1.1\r\n",
            "FOO \(target) HTTP/1.1\r\n", "GET \(target) HTTP/9.9\r\n", "GET \(target) HTTP/1.1 extra\r\n",
            "GET http://evil.example\(target) HTTP/1.1\r\n", "PRI * HTTP/2.0\r\n\r\nSM\r\n",
            "\r\n\r\nGET \(target) HTTP/1.1\r\n", "DELETE \(target) HTTP/1.1\r\n", "GET \(target) HTTP/1.0\r\n",
            "CONNECT 127.0.0.1:1 HTTP/1.1\r\n", "GET \\\(target) HTTP/1.1\r\n",
        ])
        return Request(
            kind: "broken request line", bytes: Array((line + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n").utf8))
    }

    mutating func brokenForm(click: String) -> Request {
        var form = Array("campaign_id=\(campaign)&click_id=\(click)".utf8)
        form.insert(contentsOf: pick(Self.hostileFragments), at: Int.random(in: 0...form.count, using: &generator))
        let type = pick([
            "application/x-www-form-urlencoded", "application/json", "multipart/form-data; boundary=x", "text/plain",
            "application/x-www-form-urlencoded; charset=latin1",
        ])
        var bytes = Array(
            ("POST /postback/advertiser HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: \(type)\r\n"
                + "Content-Length: \(form.count)\r\nConnection: close\r\n\r\n").utf8)
        bytes += form
        return Request(kind: "broken form body", bytes: bytes)
    }

    mutating func headerFlood(click: String) -> Request {
        var text = "GET /postback/advertiser?campaign_id=\(campaign)&click_id=\(click) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if Bool.random(using: &generator) {
            for n in 0..<Int.random(in: 250...2000, using: &generator) { text += "X-Flood-\(n): \(n)\r\n" }
        } else {
            text += "X-Big: " + String(repeating: "b", count: 600 * 1024) + "\r\n"
        }
        return Request(kind: "header flood", bytes: Array((text + "Connection: close\r\n\r\n").utf8))
    }

    mutating func overlong(click: String) -> Request {
        let size = pick([9000, 100_000, 600 * 1024])
        let text =
            "GET /postback/advertiser?campaign_id=\(campaign)&click_id=\(click)&pad="
            + String(repeating: "p", count: size) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        return Request(kind: "overlong line", bytes: Array(text.utf8))
    }

    mutating func brokenChunked(click: String) -> Request {
        let form = "campaign_id=\(campaign)&click_id=\(click)"
        let body = pick([
            "zz\r\n\(form)\r\n0\r\n\r\n", "\(String(form.utf8.count, radix: 16))\r\n\(form)0\r\n\r\n",
            "FFFFFFFFFFFFFFFFFF\r\n\(form)\r\n0\r\n\r\n", "-5\r\n\(form)\r\n0\r\n\r\n",
            "\(String(form.utf8.count, radix: 16));ext=\"\r\n\(form)\r\n0\r\n\r\n",
        ])
        let text =
            "POST /postback/advertiser HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + body
        return Request(kind: "broken chunked body", bytes: Array(text.utf8))
    }

    mutating func controlCharacters(click: String) -> Request {
        var bytes = Array("GET /postback/advertiser?campaign_id=\(campaign)&click_id=\(click)".utf8)
        bytes.insert(
            pick([0x00, 0x01, 0x08, 0x0B, 0x0C, 0x1B, 0x7F]), at: Int.random(in: 1...bytes.count, using: &generator))
        bytes += Array(" HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Note: a\u{01}b\r\nConnection: close\r\n\r\n".utf8)
        return Request(kind: "control characters", bytes: bytes)
    }
}
