import Curl
import Foundation
import PostbackTesting
import Receiver
import Testing

/// `GET /` end to end: a real receiver, real postbacks through libcurl, then the page's source.
@Suite(.timeLimit(.minutes(1)))
struct DashboardTests {
    static func page(_ receiver: TestReceiver, _ target: String = "/", headers: [HTTPHeader] = []) async throws
        -> (status: Int, html: String, response: CurlResponse)
    {
        let response = try await receiver.send("GET", target, headers: headers)
        return (response.status, response.bodyText, response)
    }

    /// The rows of the log table, one string each.
    static func logRows(_ html: String) -> [String] {
        guard let start = html.range(of: "<section class=\"panel\" id=\"log\">"),
            let body = html.range(of: "<tbody>", range: start.upperBound..<html.endIndex),
            let end = html.range(of: "</tbody>", range: body.upperBound..<html.endIndex)
        else { return [] }
        return html[body.upperBound..<end.lowerBound].components(separatedBy: "<tr>").dropFirst()
            .filter { !$0.contains("empty-row") }
    }

    @Test("the page shows each campaign's statistics, the chart and the log with verdicts and hints")
    func content() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            try await MetricsTests.sendMix(receiver)
            let (status, html, response) = try await Self.page(receiver)
            #expect(status == 200)
            #expect(response.header("Content-Type") == "text/html; charset=utf-8")
            #expect(response.header("Content-Security-Policy")?.hasPrefix("default-src 'none'") == true)
            #expect(html.hasPrefix("<!doctype html>"))
            // Campaign c1: 2 clicks, 1 conversion (declined), 1 duplicate, 1 status update,
            // rejected unknown_click 2, missing_parameter 1, malformed_request 1.
            let c1 = try #require(html.components(separatedBy: "<tr").first { $0.contains(">c1</a><div") })
            let numbers = c1.components(separatedBy: "<td class=\"num\">").dropFirst().map {
                String($0.prefix { $0 != "<" })
            }
            #expect(numbers == ["2", "1", "50.0 %", "1", "1", "0.00"])
            #expect(c1.contains("0 approved<br>0 pending<br>1 declined"))
            #expect(c1.contains("unknown_click 2</a>"))
            #expect(c1.contains("missing_parameter 1</a>"))
            #expect(c1.contains("https://clickwall.net/postback/advertiser?campaign_id=c1&amp;click_id={click_id}"))
            let c2 = try #require(html.components(separatedBy: "<tr").first { $0.contains(">c2</a><div") })
            #expect(c2.contains("<td class=\"num\">2.50</td>"), "c2's payout total")
            let pending = try #require(html.components(separatedBy: "<tr").first { $0.contains(">pend</a><div") })
            #expect(pending.contains("none while pending"))
            // Summary cards.
            #expect(html.contains("<div class=\"label\">Conversions</div><div class=\"value\">2</div>"))
            // The chart: an inline SVG with a legend that counts the 10 logged requests.
            #expect(html.contains("<svg class=\"chart\""))
            #expect(html.contains(">accepted 2</text>"))
            #expect(html.contains(">rejected 6</text>"))
            #expect(html.contains(">postbacks per minute</text>"))
            #expect(html.contains(">time (UTC)</text>"))
            // The log: newest first, with the verdict and the hint.
            let rows = Self.logRows(html)
            #expect(rows.count == 10, "every request is in the log, the PUT answered 405 included")
            #expect(rows.first?.contains(">PUT<") == true || rows.first?.contains("PUT") == true)
            #expect(rows.dropFirst().first?.contains("campaign_id=c1&amp;campaign_id=c1") == true)
            #expect(rows.contains { $0.contains("<span class=\"badge duplicate\">") })
            #expect(rows.contains { $0.contains("<span class=\"badge status_updated\">") })
            #expect(
                rows.contains {
                    $0.contains("did you mean click_id?") || $0.contains("click_id") && $0.contains("clickid")
                })
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("@import"), "no external asset")
        }
    }

    @Test(
        "filters by campaign, result and reason through the query string",
        arguments: [
            ("/?campaign_id=c2", 2, "c2"),
            ("/?result=rejected", 6, "rejected"),
            ("/?result=rejected&reason=unknown_click", 3, "unknown_click"),
            ("/?campaign_id=c1&result=rejected&reason=unknown_click&limit=50", 2, "unknown_click"),
            ("/?result=accepted&limit=1", 1, "accepted"),
        ])
    func filters(target: String, rows expected: Int, mark: String) async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            try await MetricsTests.sendMix(receiver)
            let (status, html, _) = try await Self.page(receiver, target)
            #expect(status == 200)
            let rows = Self.logRows(html)
            #expect(rows.count == expected)
            #expect(rows.allSatisfy { $0.contains(mark) })
            if target.contains("campaign_id=c2") {
                #expect(rows.allSatisfy { $0.contains(">c2</a>") })
                #expect(html.contains("<option value=\"c2\" selected>c2</option>"))
                #expect(
                    html.contains("<tr class=\"selected\"><td><a class=\"id\" href=\"/?campaign_id=c2#log\">c2</a>"))
            }
            if target.contains("result=rejected") {
                #expect(!rows.contains { $0.contains("badge accepted") })
                #expect(html.contains("<option value=\"rejected\" selected>rejected</option>"))
            }
        }
    }

    @Test(
        "a bad filter is named in a banner, escaped, and the page still shows everything",
        arguments: [
            ("/?result=%3Cscript%3Ebad", "result &#39;&lt;script&gt;bad&#39; is not one of"),
            ("/?reason=nope", "reason &#39;nope&#39; is not one of"),
            ("/?limit=0", "limit &#39;0&#39; must be a whole number"),
            ("/?colour=red", "unknown filter &#39;colour&#39;"),
            ("/?token=abc", "the admin token is not accepted in the URL"),
        ])
    func badFilter(target: String, message: String) async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            try await MetricsTests.sendMix(receiver)
            let (status, html, _) = try await Self.page(receiver, target)
            #expect(status == 400)
            #expect(html.contains("<div class=\"banner\" role=\"alert\"><strong>Filter not applied:</strong> "))
            #expect(html.contains(message))
            #expect(Self.logRows(html).count == 10)
            #expect(!html.contains("<script"))
        }
    }

    /// `<script>` and `"'&<>` in every parameter, in the User-Agent, in a campaign's tracking link
    /// and in the dashboard's own query string.
    static let hostile = "<script>alert(1)</script>\"'&<>"

    @Test("every string that came from a request is escaped")
    func escaping() async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let encoded = try #require(
                Self.hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            try await receiver.putCampaign(
                "evil",
                #"{"status":"active","type":"cpi","payout":"1","tracking_link":"https://t.example/?x=<script>alert(1)</script>\"'&<>{click_id}"}"#
            )
            let agent = HTTPHeader("User-Agent", Self.hostile)
            let names = ["campaign_id", "click_id", "event", "payout", "status", "txid", encoded]
            var targets = [
                // every parameter hostile
                "/postback/advertiser?" + names.map { "\($0)=\(encoded)" }.joined(separator: "&"),
                // a valid campaign, so that later rules see the hostile values
                "/postback/advertiser?campaign_id=c1&click_id=\(encoded)&extra=\(encoded)",
                "/postback/advertiser?campaign_id=c1&click_id=clk1&payout=\(encoded)",
                "/postback/advertiser?campaign_id=multi&click_id=clkm&event=\(encoded)",
                "/postback/advertiser?campaign_id=c1&click_id=clk1&txid=\(encoded)&\(encoded)={\(encoded)}",
                "/postback/advertiser?campaign_id=c1&clickid=\(encoded)",
            ]
            targets.append(targets[0] + "&raw=<script>\"'")
            for target in targets {
                let response = try await receiver.send("GET", target, headers: [agent])
                #expect((200..<500).contains(response.status), "\(target): \(response.status)")
            }
            // A form postback too.
            let form = names.map { "\($0)=\(encoded)" }.joined(separator: "&")
            _ = try await receiver.send(
                "POST", "/postback/advertiser",
                headers: [agent, HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
                body: Array(form.utf8))
            let log = try await receiver.running.store.postbacks(.init())
            #expect(log.contains { $0.campaignID?.contains("<script>") == true }, "the hostile value reached the log")
            #expect(log.contains { $0.message.contains("<script>") })

            for target in ["/", "/?campaign_id=\(encoded)", "/?campaign_id=\(encoded)&result=rejected&limit=1000"] {
                let (_, html, _) = try await Self.page(receiver, target)
                #expect(!html.lowercased().contains("<script"), "\(target)")
                #expect(!html.contains("\"'&<>"), "\(target)")
                #expect(!html.contains("'&<"), "\(target)")
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;&gt;"), "\(target)")
                // The only elements are the page's own.
                let tags = Set(
                    html.components(separatedBy: "<").dropFirst().map {
                        String($0.prefix { $0.isLetter || $0.isNumber || $0 == "!" || $0 == "/" }).lowercased()
                    })
                let own: Set<String> = [
                    "!doctype", "html", "head", "meta", "title", "style", "body", "header", "div", "h1", "p", "nav",
                    "a", "main", "section", "h2", "svg", "rect", "text", "line", "table", "thead", "tr", "th",
                    "tbody", "td", "span", "code", "form", "label", "select", "option", "button", "footer", "br",
                    "strong", "details", "summary", "pre",
                ]
                let closing = Set(own.map { "/" + $0 })
                #expect(
                    tags.subtracting(own).subtracting(closing).isEmpty, "\(tags.subtracting(own).subtracting(closing))")
            }
        }
    }

    @Test("with an admin token the page needs it: Bearer, or Basic with the token as the password")
    func adminToken() async throws {
        try await withTestReceiver(configuration: ReceiverConfiguration(adminToken: "d4sh")) { receiver in
            try await receiver.makeWorld()
            let refused = try await Self.page(receiver)
            #expect(refused.status == 401)
            let challenges = refused.response.headers.filter { $0.name.lowercased() == "www-authenticate" }.map(\.value)
            #expect(challenges.contains("Basic realm=\"postback-harness\", charset=\"UTF-8\""))
            #expect(challenges.contains { $0.hasPrefix("Bearer") })
            #expect(refused.html.contains("any user name and the token as the password"))
            #expect(!refused.html.contains("c1"))
            let basic = { (pair: String) in
                HTTPHeader("Authorization", "Basic " + Data(pair.utf8).base64EncodedString())
            }
            for header in [
                basic("me:wrong"), basic("d4sh:"), basic("d4sh"), HTTPHeader("Authorization", "Bearer d4sh!"),
            ] {
                #expect(try await Self.page(receiver, headers: [header]).status == 401, "\(header.value)")
            }
            #expect(try await Self.page(receiver, "/?token=d4sh").status == 401)
            for header in [basic("me:d4sh"), basic(":d4sh"), HTTPHeader("Authorization", "Bearer d4sh")] {
                let page = try await Self.page(receiver, headers: [header])
                #expect(page.status == 200, "\(header.value)")
                #expect(page.html.contains(">c1</a>"))
            }
            // The admin API keeps its own rule: Bearer only.
            #expect(try await receiver.send("GET", "/api/campaigns", headers: [basic("me:d4sh")]).status == 401)
        }
    }

    @Test("an empty receiver gets a page that says so")
    func empty() async throws {
        try await withTestReceiver { receiver in
            let (status, html, _) = try await Self.page(receiver)
            #expect(status == 200)
            #expect(html.contains("No campaign yet"))
            #expect(html.contains("No postback matches these filters."))
            #expect(html.contains("No postbacks in this window"))
        }
    }
}
