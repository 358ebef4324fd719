import Foundation
import PostbackCore

/// The receiver's dashboard (`GET /`) as one HTML document drawn by the server: summary cards,
/// the chart of postbacks over time, the campaigns with their statistics, and the postback log
/// with its filters. No script and no external asset; every string that came from a request or
/// from the admin API is HTML-escaped where it is written.
struct DashboardPage: Sendable {
    /// Campaigns, ordered by id.
    var campaigns: [Campaign]
    /// Statistics by campaign id.
    var stats: [String: CampaignStats]
    /// The filtered log, newest first, as many lines as the filter's limit.
    var log: [PostbackLogEntry]
    var chart: PostbackChart
    /// How many log lines the chart was drawn from when it could not take all of them.
    var chartSample: Int?
    var filter: PostbackLogFilter
    /// Why the query string's filter was not applied, when it was not.
    var filterError: String?
    var publicBaseURL: String
    var now: Date

    func render() -> String {
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">\
            <meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>Postback receiver · postback-harness</title><style>\(DashboardStyle.css)</style></head>
            <body>
            <header class="top"><div><h1>Postback receiver</h1>\
            <p>ClickWall reference receiver · postback-harness · \(DashboardFormat.dateTime(now).htmlEscaped) UTC</p>\
            </div><nav><a href="/">Dashboard</a><a href="/metrics">Metrics</a><a href="/api/stats">Stats (JSON)</a>\
            <a href="/api/postbacks">Log (JSON)</a></nav></header>
            <main>

            """
        if let filterError {
            html += "<div class=\"banner\" role=\"alert\"><strong>Filter not applied:</strong> "
            html += filterError.htmlEscaped + "</div>\n"
        }
        html += summary()
        html += chartPanel()
        html += campaignsPanel()
        html += logPanel()
        html += """
            </main>
            <footer>Times in UTC · statistics from the receiver's store · \
            <a href="/api/stats">/api/stats</a> and <a href="/api/postbacks">/api/postbacks</a> serve the same data \
            in JSON</footer>
            </body></html>

            """
        return html
    }

    // MARK: Summary

    func summary() -> String {
        let all = Array(stats.values)
        let clicks = all.map(\.clicks).reduce(0, +)
        let conversions = all.map(\.conversions).reduce(0, +)
        let rejected = all.map { $0.rejected.values.reduce(0, +) }.reduce(0, +)
        let payout = all.map(\.payoutTotal).reduce(Money.zero, +)
        let cards: [(String, String, String)] = [
            ("Campaigns", DashboardFormat.count(campaigns.count), ""),
            ("Clicks", DashboardFormat.count(clicks), ""),
            ("Conversions", DashboardFormat.count(conversions), "good"),
            ("Conversion rate", DashboardFormat.percent(clicks == 0 ? 0 : Double(conversions) / Double(clicks)), ""),
            ("Duplicates", DashboardFormat.count(all.map(\.duplicates).reduce(0, +)), ""),
            ("Status updates", DashboardFormat.count(all.map(\.statusUpdates).reduce(0, +)), ""),
            ("Rejected", DashboardFormat.count(rejected), rejected > 0 ? "bad" : ""),
            ("Approved payout", DashboardFormat.money(payout), ""),
        ]
        var html = "<section class=\"cards\">"
        for (label, value, style) in cards {
            html += "<div class=\"card \(style)\"><div class=\"label\">\(label)</div>"
            html += "<div class=\"value\">\(value.htmlEscaped)</div></div>"
        }
        return html + "</section>\n"
    }

    // MARK: Chart

    func chartPanel() -> String {
        var note = "Postbacks per \(chart.widthName) by result"
        if let campaign = filter.campaignID { note += ", campaign \(campaign)" }
        if let result = filter.result { note += ", \(DashboardFormat.label(result)) only" }
        if let reason = filter.reason { note += ", reason \(reason.rawValue)" }
        if let first = chart.buckets.first {
            let end = first.start.addingTimeInterval(Double(chart.width * chart.buckets.count))
            note += " · \(DashboardFormat.dateTime(first.start)) to \(DashboardFormat.dateTime(end)) UTC"
        }
        if let chartSample { note += " · drawn from the newest \(DashboardFormat.count(chartSample)) postbacks" }
        return """
            <section class="panel" id="chart"><h2>Postbacks over time</h2><p class="note">\(note.htmlEscaped)</p>
            \(chart.svg())
            </section>

            """
    }

    // MARK: Links

    /// A link to the dashboard with the given log filter, escaped for an `href`.
    func link(
        campaignID: String? = nil, result: PostbackResult? = nil, reason: RejectReason? = nil, keepLimit: Bool = true
    ) -> String {
        var query: [String] = []
        if let campaignID { query.append("campaign_id=" + campaignID.queryValueEncoded) }
        if let result { query.append("result=" + result.rawValue) }
        if let reason { query.append("reason=" + reason.rawValue) }
        if keepLimit && filter.limit != PostbackLogFilter().limit { query.append("limit=\(filter.limit)") }
        return ("/" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")) + "#log").htmlEscaped
    }
}
