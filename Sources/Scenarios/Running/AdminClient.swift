import Curl
import Foundation
import PostbackCore
import Trackers

/// The runner's side of the receiver's public and admin API, over the project's libcurl client.
struct AdminClient: Sendable {
    let client: CurlClient
    let baseURL: String
    var adminToken: String?
    /// The CA an https receiver is verified against (the system's when `nil`).
    var caFile: String?

    init(client: CurlClient, baseURL: String, adminToken: String? = nil, caFile: String? = nil) {
        self.client = client
        self.baseURL = baseURL
        self.adminToken = adminToken
        self.caFile = caFile
    }

    var authHeaders: [HTTPHeader] {
        adminToken.map { [HTTPHeader("Authorization", "Bearer \($0)")] } ?? []
    }

    func putCampaign(_ campaign: Campaign) async throws {
        let body = try JSONEncoder().encode(campaign)
        let response = try await client.send(
            CurlRequest(
                method: "PUT", url: "\(baseURL)/api/campaigns/\(campaign.id)",
                headers: authHeaders + [HTTPHeader("Content-Type", "application/json")], body: Array(body),
                caFile: caFile))
        guard (200...299).contains(response.status) else {
            throw RunnerError(
                message: "creating campaign \(campaign.id) failed: HTTP \(response.status) \(response.bodyText)")
        }
    }

    /// Click batches larger than this are issued in bulk (``issueClicks(campaignID:count:trackingLink:)``)
    /// instead of one `GET /click` each.
    static let bulkClickThreshold = 1_000
    /// Clicks asked for in one `POST /api/campaigns/{id}/clicks`.
    static let bulkClickChunk = 100_000

    /// Issues `count` clicks through `POST /api/campaigns/{id}/clicks` `{"count": N}` (in chunks),
    /// the receiver choosing the ids and their time as `GET /click` would, and gives each the
    /// redirect `GET /click` would have answered (the tracking link with the id in `{click_id}`).
    func issueClicks(campaignID: String, count: Int, trackingLink: String?) async throws -> ClickPool {
        var ids = ClickIDList()
        ids.reserveCapacity(count)
        var remaining = count
        while remaining > 0 {
            let chunk = min(remaining, Self.bulkClickChunk)
            let response = try await client.send(
                CurlRequest(
                    method: "POST", url: "\(baseURL)/api/campaigns/\(campaignID)/clicks",
                    headers: authHeaders + [HTTPHeader("Content-Type", "application/json")],
                    body: Array(#"{"count": \#(chunk)}"#.utf8), timeout: .seconds(300), caFile: caFile))
            guard (200...299).contains(response.status) else {
                throw RunnerError(
                    message:
                        "issuing \(chunk) clicks on campaign \(campaignID) failed: HTTP \(response.status) \(response.bodyText.prefix(500))"
                )
            }
            guard let issued = ReceiverJSONDecoding.clickIDs(from: response.body), issued.count == chunk else {
                throw RunnerError(
                    message: "issuing \(chunk) clicks on campaign \(campaignID) did not answer \(chunk) click ids")
            }
            for id in issued { ids.append(id) }
            remaining -= chunk
        }
        return ClickPool(ids: ids, trackingLink: trackingLink)
    }

    /// Makes `count` clicks through `GET /click/{campaign}` and keeps what each answered.
    func makeClicks(campaignID: String, count: Int) async throws -> [IssuedClick] {
        var clicks: [IssuedClick] = []
        clicks.reserveCapacity(count)
        for _ in 0..<count {
            let response = try await client.send(CurlRequest(url: "\(baseURL)/click/\(campaignID)", caFile: caFile))
            switch response.status {
            case 300...399:
                clicks.append(IssuedClick(location: response.redirectLocation, clickID: nil))
            case 200:
                clicks.append(IssuedClick(location: nil, clickID: ReceiverJSONDecoding.clickID(from: response.body)))
            default:
                throw RunnerError(
                    message: "GET /click/\(campaignID) answered HTTP \(response.status): \(response.bodyText)")
            }
        }
        return clicks
    }

    /// Registers `count` clicks made `age` ago through `POST /api/campaigns/{id}/clicks`
    /// (`{"click_ids": [..], "created_at": ..}`), for a receiver whose clock cannot be moved,
    /// and gives each the redirect `GET /click` would have answered.
    func registerClicks(campaignID: String, count: Int, age: Duration, trackingLink: String?) async throws
        -> ClickPool
    {
        let seconds = Double(age.components.seconds) + Double(age.components.attoseconds) / 1e18
        let createdAt = Date().addingTimeInterval(-seconds)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let generator = ClickIDGenerator.random()
        var clicks = ClickIDList()
        clicks.reserveCapacity(count)
        var remaining = count
        while remaining > 0 {
            let ids = (0..<min(remaining, 10_000)).map { _ in generator.next() }
            let object: [String: Any] = ["click_ids": ids, "created_at": formatter.string(from: createdAt)]
            let body = try JSONSerialization.data(withJSONObject: object)
            let response = try await client.send(
                CurlRequest(
                    method: "POST", url: "\(baseURL)/api/campaigns/\(campaignID)/clicks",
                    headers: authHeaders + [HTTPHeader("Content-Type", "application/json")], body: Array(body),
                    caFile: caFile))
            guard (200...299).contains(response.status) else {
                throw RunnerError(
                    message:
                        "registering \(ids.count) clicks on campaign \(campaignID) failed: HTTP \(response.status) \(response.bodyText)"
                )
            }
            for id in ids { clicks.append(id) }
            remaining -= ids.count
        }
        return ClickPool(ids: clicks, trackingLink: trackingLink)
    }

    /// The ids of every campaign on the receiver (`GET /api/campaigns`).
    func campaignIDs() async throws -> [String] {
        let response = try await client.send(
            CurlRequest(url: "\(baseURL)/api/campaigns", headers: authHeaders, caFile: caFile))
        guard response.status == 200 else {
            throw RunnerError(
                message: "listing the campaigns failed: HTTP \(response.status) \(response.bodyText.prefix(500))")
        }
        guard let ids = ReceiverJSONDecoding.campaignIDs(from: response.body) else {
            throw RunnerError(message: "GET /api/campaigns did not answer a JSON list of campaigns")
        }
        return ids
    }

    /// Removes a campaign with `DELETE /api/campaigns/{id}`; a campaign already gone (404)
    /// counts as removed.
    func deleteCampaign(id: String) async throws {
        let response = try await client.send(
            CurlRequest(method: "DELETE", url: "\(baseURL)/api/campaigns/\(id)", headers: authHeaders, caFile: caFile))
        guard (200...299).contains(response.status) || response.status == 404 else {
            throw RunnerError(
                message:
                    "DELETE /api/campaigns/\(id) answered HTTP \(response.status) \(response.bodyText.prefix(500))")
        }
    }

    func stats(campaignID: String) async throws -> CampaignStats {
        let response = try await client.send(
            CurlRequest(url: "\(baseURL)/api/campaigns/\(campaignID)/stats", headers: authHeaders, caFile: caFile))
        guard response.status == 200 else {
            throw RunnerError(
                message:
                    "reading the stats of campaign \(campaignID) failed: HTTP \(response.status) \(response.bodyText)"
            )
        }
        do {
            return try ReceiverJSONDecoding.stats(from: response.body)
        } catch {
            throw RunnerError(message: "the stats of campaign \(campaignID) are not the JSON of DESIGN §4: \(error)")
        }
    }
}

/// What one `GET /click/{id}` gave: the redirect to the tracking link, or (for a campaign
/// without one) the click id itself.
struct IssuedClick: Sendable {
    var location: String?
    var clickID: String?

    /// The click id as `profile` captures it from the tracking link.
    func captured(by profile: TrackerProfile) -> String? {
        if let location { return profile.captureClickID(fromTrackingURL: location) }
        return clickID
    }
}
