import Foundation
import PostbackCore

extension DashboardPage {
    /// Longest URL, message and user agent shown in a log row; the JSON log has them whole.
    static let maxURLCharacters = 400
    static let maxMessageCharacters = 600
    static let maxUserAgentCharacters = 160
    /// Choices of the form's "Show" menu.
    static let limits = [50, 100, 500, 1000]

    /// The postback log: result tabs, the filter form, and one row per postback, newest first.
    func logPanel() -> String {
        var html = """
            <section class="panel" id="log"><h2>Postback log</h2>\
            <p class="note">Every request to /postback/advertiser, newest first, with the receiver's verdict and \
            its hint.</p>
            \(tabs())\(form())
            <div class="table-wrap"><table><thead><tr><th>Received (UTC)</th><th>Result</th><th>Reason</th>\
            <th>Campaign · click</th><th>Message</th><th>Request</th></tr></thead><tbody>

            """
        if log.isEmpty {
            html += "<tr><td colspan=\"6\" class=\"empty-row\">No postback matches these filters.</td></tr>\n"
        }
        for entry in log {
            html += row(entry)
        }
        html += "</tbody></table></div>"
        if log.count == filter.limit {
            html += "<p class=\"note\">Showing the newest \(DashboardFormat.count(log.count)) postbacks; "
            html += "choose a larger number under “Show”, or read <code>/api/postbacks</code>.</p>"
        }
        return html + "</section>\n"
    }

    /// Links to each result, keeping the campaign filter.
    private func tabs() -> String {
        var html = "<nav class=\"tabs\">"
        let on = filter.result == nil && filter.reason == nil ? " class=\"on\"" : ""
        html += "<a\(on) href=\"\(link(campaignID: filter.campaignID))\">all results</a>"
        for result in PostbackResult.allCases {
            let on = filter.result == result && filter.reason == nil ? " class=\"on\"" : ""
            let href = link(campaignID: filter.campaignID, result: result)
            html += "<a\(on) href=\"\(href)\">\(DashboardFormat.label(result))</a>"
        }
        return html + "</nav>"
    }

    /// The filter form: campaign, result, reason and how many lines, sent as a GET to `/`.
    private func form() -> String {
        var html = "<form class=\"filters\" method=\"get\" action=\"/#log\">"
        html += "<label>Campaign<select name=\"campaign_id\"><option value=\"\">all campaigns</option>"
        var ids = campaigns.map(\.id)
        if let chosen = filter.campaignID, !ids.contains(chosen) { ids.insert(chosen, at: 0) }
        for id in ids {
            html += option(id, label: id, selected: filter.campaignID == id)
        }
        html += "</select></label><label>Result<select name=\"result\"><option value=\"\">all results</option>"
        for result in PostbackResult.allCases {
            html += option(result.rawValue, label: DashboardFormat.label(result), selected: filter.result == result)
        }
        html += "</select></label><label>Reason<select name=\"reason\"><option value=\"\">all reasons</option>"
        for reason in RejectReason.allCases {
            html += option(reason.rawValue, label: reason.rawValue, selected: filter.reason == reason)
        }
        html += "</select></label><label>Show<select name=\"limit\">"
        var limits = Self.limits
        if !limits.contains(filter.limit) { limits = (limits + [filter.limit]).sorted() }
        for limit in limits {
            html += option("\(limit)", label: "newest \(limit)", selected: filter.limit == limit)
        }
        html += "</select></label><button type=\"submit\">Apply</button><a href=\"/#log\">Clear filters</a></form>"
        return html
    }

    private func option(_ value: String, label: String, selected: Bool) -> String {
        "<option value=\"\(value.htmlEscaped)\"\(selected ? " selected" : "")>\(label.htmlEscaped)</option>"
    }

    /// One postback: when, verdict, reason, campaign and click, the hint, and the request itself.
    private func row(_ entry: PostbackLogEntry) -> String {
        var html = "<tr><td class=\"time\">\(DashboardFormat.dateTime(entry.receivedAt))</td>"
        html += "<td><span class=\"badge \(entry.result.rawValue)\">\(DashboardFormat.label(entry.result))</span>"
        html += "<div class=\"muted\">HTTP \(entry.httpStatus)</div></td><td>"
        if let reason = entry.reason {
            html += "<a href=\"\(link(campaignID: filter.campaignID, result: .rejected, reason: reason))\">"
            html += "\(reason.rawValue.htmlEscaped)</a>"
        } else {
            html += "<span class=\"muted\">—</span>"
        }
        html += "</td><td>"
        if let campaign = entry.campaignID {
            html += "<a class=\"id\" href=\"\(link(campaignID: campaign))\">\(campaign.htmlEscaped)</a>"
        } else {
            html += "<span class=\"muted\">no campaign_id</span>"
        }
        if let click = entry.clickID {
            html += "<div class=\"muted\">click <code>\(click.truncated(to: 80).htmlEscaped)</code></div>"
        }
        if let conversion = entry.conversionID {
            html += "<div class=\"muted\">conversion \(conversion.htmlEscaped)</div>"
        }
        html += "</td><td class=\"msg\">\(entry.message.truncated(to: Self.maxMessageCharacters).htmlEscaped)"
        for warning in entry.warnings {
            html += "<div class=\"warn\">⚠ \(warning.truncated(to: Self.maxMessageCharacters).htmlEscaped)</div>"
        }
        html += "</td><td class=\"req\"><span class=\"method\">\(entry.method.truncated(to: 16).htmlEscaped)</span>"
        html += "<code>\(entry.url.truncated(to: Self.maxURLCharacters).htmlEscaped)</code>"
        if let body = entry.body, !body.isEmpty {
            html +=
                "<div class=\"muted\">body <code>\(body.truncated(to: Self.maxURLCharacters).htmlEscaped)</code></div>"
        }
        html += "<div class=\"muted\">from \(entry.source.isEmpty ? "unknown" : entry.source.htmlEscaped)"
        if let tls = entry.tls {
            html += tls ? " · https" : " · http"
        }
        if let agent = entry.userAgent, !agent.isEmpty {
            html += " · \(agent.truncated(to: Self.maxUserAgentCharacters).htmlEscaped)"
        }
        html += "</div>"
        if let headers = entry.headers, !headers.isEmpty {
            let lines = headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
            html +=
                "<details class=\"muted\"><summary>\(headers.count) header\(headers.count == 1 ? "" : "s")</summary>"
                + "<pre>\(lines.truncated(to: Self.maxURLCharacters * 2).htmlEscaped)</pre></details>"
        }
        return html + "</td></tr>\n"
    }
}
