import Foundation
import Hummingbird
import PostbackCore
import Store

/// `GET /click/{campaign_id}`: issues a click id and redirects to the campaign's tracking link
/// with `{click_id}` replaced (DESIGN §2, step 1). Clicks are issued in any campaign status;
/// only an unknown campaign gets 404.
struct ClickRoutes: Sendable {
    let store: any PostbackStore
    let clickIDs: ClickIDGenerator
    let clock: @Sendable () -> Date

    func register(on router: Router<ReceiverRequestContext>) {
        router.get("click/:campaign_id") { request, context in
            try await click(request, context: context)
        }
    }

    struct IssuedClick: Encodable {
        let clickID: String
        let location: String?
        enum CodingKeys: String, CodingKey {
            case clickID = "click_id"
            case location
        }
    }

    func click(_ request: Request, context: ReceiverRequestContext) async throws -> Response {
        let campaignID = context.parameters.get("campaign_id") ?? ""
        guard Campaign.isValidID(campaignID), let campaign = try await store.campaign(id: campaignID) else {
            throw APIError.unknownCampaign(campaignID)
        }
        let clickID = try await issue(campaignID: campaign.id)
        guard let link = campaign.trackingLink else {
            return ReceiverJSON.response(IssuedClick(clickID: clickID, location: nil), status: .ok)
        }
        let location = link.replacingOccurrences(of: "{click_id}", with: clickID)
        return ReceiverJSON.response(
            IssuedClick(clickID: clickID, location: location), status: .found,
            headers: [.location: location, .cacheControl: "no-store"])
    }

    /// Issues one fresh click id; retries a few times should the generator repeat an id the
    /// store already holds (a seeded generator reused on one store).
    private func issue(campaignID: String) async throws -> String {
        var lastError: StoreError?
        for _ in 0..<5 {
            let id = clickIDs.next()
            do {
                try await store.addClicks([Click(id: id, campaignID: campaignID, createdAt: clock())])
                return id
            } catch let error as StoreError where error.isDuplicateClick {
                lastError = error
            }
        }
        throw lastError ?? StoreError.unavailable("no click id could be issued")
    }
}
