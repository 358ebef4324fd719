import Curl
import Foundation
import PostbackCore
import Receiver
import Synchronization
import Trackers

/// What every traffic step of one scenario shares: the sender, the receiver's admin API (faults
/// are armed through it, `/api/faults`), its clock, and what each tracker remembers between steps.
struct TrafficContext: Sendable {
    let sender: PostbackSender
    /// Conversions of one traffic step sent at once.
    let concurrency: Int
    let admin: AdminClient
    let clock: ScenarioClock
    /// The campaigns whose postbacks the scenario's fault rules take (the scenario's own).
    let faultScope: Set<String>
    let memory = TrackerMemory()

    /// Sets a campaign's status through `PATCH /api/campaigns/{id}` (the `campaign-paused` fault).
    func setStatus(_ status: CampaignStatus, campaignID: String) async throws {
        var headers = [HTTPHeader("Content-Type", "application/json")]
        if let token = admin.adminToken { headers.append(HTTPHeader("Authorization", "Bearer \(token)")) }
        let body = "{\"status\": \"\(status.rawValue)\"}"
        let response = try await admin.client.send(
            CurlRequest(
                method: "PATCH", url: "\(admin.baseURL)/api/campaigns/\(campaignID)", headers: headers,
                body: Array(body.utf8)))
        guard (200...299).contains(response.status) else {
            throw RunnerError(
                message:
                    "setting campaign \(campaignID) to \(status.rawValue) failed: HTTP \(response.status) \(response.bodyText)"
            )
        }
    }
}

/// The transactions each tracker has already reported in this scenario, for trackers that drop a
/// repeated one (Voluum: same click and event, and no different txid).
final class TrackerMemory: Sendable {
    private let seen = Mutex<Set<String>>([])

    /// Whether `key` is new; it is remembered from now on.
    func firstTime(_ key: String) -> Bool {
        seen.withLock { $0.insert(key).inserted }
    }
}
