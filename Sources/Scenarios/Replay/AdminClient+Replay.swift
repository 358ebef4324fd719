import Curl
import Foundation

extension AdminClient {
    /// Issues the given click ids for a campaign (`POST /api/campaigns/{id}/clicks`), created at
    /// `createdAt` when given.
    func issueClicks(campaignID: String, clickIDs: [String], createdAt: Date?) async throws {
        var object: [String: Any] = ["click_ids": clickIDs]
        if let createdAt { object["created_at"] = ISO8601DateFormatter().string(from: createdAt) }
        let body = try JSONSerialization.data(withJSONObject: object)
        var headers = [HTTPHeader("Content-Type", "application/json")]
        if let adminToken { headers.append(HTTPHeader("Authorization", "Bearer \(adminToken)")) }
        let response = try await client.send(
            CurlRequest(
                method: "POST", url: "\(baseURL)/api/campaigns/\(campaignID)/clicks", headers: headers,
                body: Array(body)))
        guard (200...299).contains(response.status) else {
            throw RunnerError(
                message: "issuing \(clickIDs.count) clicks of campaign \(campaignID) failed: HTTP \(response.status) "
                    + response.bodyText)
        }
    }
}
