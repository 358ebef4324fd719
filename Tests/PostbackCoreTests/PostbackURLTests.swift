import PostbackCore
import Testing

/// `PostbackURL` takes a URL or template apart as written, macros and IPv6 hosts included.
struct PostbackURLTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var scheme: String?
        var host: String?
        var hostName: String?
        var port: String?
        var effectivePort: Int?
        var path: String
        var query: String?
        var fragment: String?
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        .init(
            text: "https://clickwall.net/postback/advertiser?campaign_id=1&click_id={clickid}", scheme: "https",
            host: "clickwall.net", hostName: "clickwall.net", effectivePort: 443, path: "/postback/advertiser",
            query: "campaign_id=1&click_id={clickid}"),
        .init(
            text: "HTTP://ClickWall.net:8080/p?a=1", scheme: "http", host: "ClickWall.net", hostName: "clickwall.net",
            port: "8080", effectivePort: 8080, path: "/p", query: "a=1"),
        .init(
            text: "https://[2001:db8::1]:8443/p?x=1", scheme: "https", host: "[2001:db8::1]", hostName: "2001:db8::1",
            port: "8443", effectivePort: 8443, path: "/p", query: "x=1"),
        .init(text: "http://[::1]/p", scheme: "http", host: "[::1]", hostName: "::1", effectivePort: 80, path: "/p"),
        .init(
            text: "https://u:pw@h.example/p?c=#s2#&d=%23x%23#top", scheme: "https", host: "h.example",
            hostName: "h.example", effectivePort: 443, path: "/p", query: "c=#s2#&d=%23x%23", fragment: "top"),
        .init(
            text: "https://{domain}:{port}/p", scheme: "https", host: "{domain}", hostName: "{domain}", port: "{port}",
            path: "/p"),
        .init(text: "/postback/advertiser?u=https://x", path: "/postback/advertiser", query: "u=https://x"),
        .init(
            text: "clickwall.net/postback/advertiser?a=1", host: "clickwall.net", hostName: "clickwall.net",
            path: "/postback/advertiser", query: "a=1"),
        .init(text: "https://h:x/p", scheme: "https", host: "h", hostName: "h", port: "x", path: "/p"),
        // A combining mark after a delimiter joins it in one Character; the split is at the byte.
        .init(
            text: "https://h/\u{301}p?\u{301}q=1#\u{301}f", scheme: "https", host: "h", hostName: "h",
            effectivePort: 443, path: "/\u{301}p", query: "\u{301}q=1", fragment: "\u{301}f"),
        .init(text: "h\u{301}ttps://x/p", host: "h\u{301}ttps", hostName: "h\u{301}ttps", port: "", path: "//x/p"),
    ]

    @Test(arguments: cases)
    func splitsAsWritten(_ expected: Case) {
        let url = PostbackURL(expected.text)
        #expect(url.scheme == expected.scheme)
        #expect(url.host == expected.host)
        #expect(url.hostName == expected.hostName)
        #expect(url.port == expected.port)
        #expect(url.effectivePort == expected.effectivePort)
        #expect(url.path == expected.path)
        #expect(url.query == expected.query)
        #expect(url.fragment == expected.fragment)
        #expect(url.replacingQuery(url.query) == expected.text)
    }

    @Test func queryPiecesAreRawAndInOrder() {
        let url = PostbackURL("https://h/p?b=%7Bx%7D&&a&c=1=2")
        #expect(url.queryPieces.map(\.name) == ["b", "a", "c"])
        #expect(url.queryPieces.map(\.value) == ["%7Bx%7D", nil, "1=2"])
        #expect(url.target == "/p?b=%7Bx%7D&&a&c=1=2")
    }

    @Test(arguments: [("https://1.2.3.4/p", true), ("https://[::1]/p", true), ("https://a.b.c.d/p", false)])
    func ipAddressHosts(_ text: String, _ isIP: Bool) {
        #expect(PostbackURL(text).hasIPAddressHost == isIP)
    }
}
