import Foundation
import PostbackCore

extension DashboardPage {
    /// The campaigns table: one row per campaign with its statistics and postback URL.
    func campaignsPanel() -> String {
        var html = """
            <section class="panel" id="campaigns"><h2>Campaigns</h2>\
            <p class="note">Select a campaign to filter the log; a rejection reason shows its postbacks.</p>
            <div class="table-wrap"><table><thead><tr><th>Campaign</th><th>Status</th><th class="num">Clicks</th>\
            <th class="num">Conversions</th><th class="num">Conv. rate</th><th class="num">Duplicates</th>\
            <th class="num">Status updates</th><th>Rejected</th><th class="num">Payout total</th>\
            <th>Postback URL</th></tr></thead><tbody>

            """
        if campaigns.isEmpty {
            html += """
                <tr><td colspan="10" class="empty-row">No campaign yet: create one with \
                <code>PUT /api/campaigns/{id}</code>.</td></tr>

                """
        }
        for campaign in campaigns {
            html += row(campaign, stats[campaign.id] ?? CampaignStats(campaignID: campaign.id))
        }
        return html + "</tbody></table></div></section>\n"
    }

    private func row(_ campaign: Campaign, _ stats: CampaignStats) -> String {
        let id = campaign.id
        let selected = filter.campaignID == id ? " class=\"selected\"" : ""
        let byStatus = stats.conversionsByStatus
        var html = "<tr\(selected)><td><a class=\"id\" href=\"\(link(campaignID: id))\">\(id.htmlEscaped)</a>"
        html += "<div class=\"muted\">\(campaign.type.rawValue.htmlEscaped) · payout "
        html += DashboardFormat.money(campaign.payout).htmlEscaped
        if let events = campaign.events, !events.isEmpty {
            let list = events.keys.sorted().map { "\($0) \(events[$0].map(DashboardFormat.money) ?? "")" }.joined(
                separator: ", ")
            html += "<br>events: " + list.htmlEscaped
        }
        html += "</div></td>"
        html +=
            "<td><span class=\"pill \(campaign.status.rawValue)\">\(campaign.status.rawValue.htmlEscaped)</span></td>"
        html += "<td class=\"num\">\(DashboardFormat.count(stats.clicks))</td>"
        html += "<td class=\"num\">\(DashboardFormat.count(stats.conversions))<div class=\"muted\">"
        html +=
            "\(byStatus.approved) approved<br>\(byStatus.pending) pending<br>\(byStatus.declined) declined</div></td>"
        html += "<td class=\"num\">\(DashboardFormat.percent(stats.conversionRate))</td>"
        html += "<td class=\"num\">\(DashboardFormat.count(stats.duplicates))</td>"
        html += "<td class=\"num\">\(DashboardFormat.count(stats.statusUpdates))</td>"
        html += "<td>"
        let rejected = stats.rejected.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        if rejected.isEmpty {
            html += "<span class=\"muted\">none</span>"
        } else {
            html += "<div class=\"chips\">"
            for (reason, count) in rejected {
                let href = link(campaignID: id, result: .rejected, reason: RejectReason(rawValue: reason))
                html += "<a class=\"chip\" href=\"\(href)\">\(reason.htmlEscaped) \(DashboardFormat.count(count))</a>"
            }
            html += "</div>"
        }
        html += "</td><td class=\"num\">\(DashboardFormat.money(stats.payoutTotal).htmlEscaped)</td><td class=\"purl\">"
        if let url = campaign.postbackURL(base: publicBaseURL) {
            html += "<code class=\"url\">\(url.htmlEscaped)</code>"
        } else {
            html += "<span class=\"muted\">none while \(campaign.status.rawValue)</span>"
        }
        return html + "</td></tr>\n"
    }
}
