import Foundation
import Hummingbird
import PostbackCore
import Store

/// The admin API of DESIGN §4: campaigns, clicks, statistics and the postback log, in JSON.
struct AdminRoutes: Sendable {
    /// Largest admin request body: room for a million click ids.
    static let maxBodyBytes = 64 * 1024 * 1024
    static let maxLogLimit = 10_000

    let store: any PostbackStore
    let clickIDs: ClickIDGenerator
    let clock: @Sendable () -> Date
    let publicBaseURL: String

    func register(on api: RouterGroup<ReceiverRequestContext>) {
        api.put("campaigns/:id") { request, context in try await putCampaign(request, context) }
        api.patch("campaigns/:id") { request, context in try await patchCampaign(request, context) }
        api.get("campaigns/:id") { _, context in try await getCampaign(context) }
        api.delete("campaigns/:id") { _, context in try await deleteCampaign(context) }
        api.get("campaigns") { _, _ in try await listCampaigns() }
        api.post("campaigns/:id/clicks") { request, context in try await addClicks(request, context) }
        api.get("campaigns/:id/stats") { _, context in try await stats(context) }
        api.get("stats") { _, _ in ReceiverJSON.response(try await store.allStats(), status: .ok) }
        api.get("postbacks") { request, _ in try await postbacks(request) }
    }

    // MARK: Campaigns

    func putCampaign(_ request: Request, _ context: ReceiverRequestContext) async throws -> Response {
        let id = try Self.campaignID(context)
        let input: CampaignInput = try await Self.decodeBody(request)
        var campaign = Campaign(id: id)
        try input.apply(to: &campaign)
        let existed = try await store.campaign(id: id) != nil
        try await store.putCampaign(campaign)
        return ReceiverJSON.response(
            CampaignResource(campaign, publicBaseURL: publicBaseURL), status: existed ? .ok : .created)
    }

    func patchCampaign(_ request: Request, _ context: ReceiverRequestContext) async throws -> Response {
        let id = try Self.campaignID(context)
        let input: CampaignInput = try await Self.decodeBody(request)
        guard var campaign = try await store.campaign(id: id) else { throw APIError.unknownCampaign(id) }
        try input.apply(to: &campaign)
        try await store.putCampaign(campaign)
        return ReceiverJSON.response(CampaignResource(campaign, publicBaseURL: publicBaseURL), status: .ok)
    }

    func getCampaign(_ context: ReceiverRequestContext) async throws -> Response {
        let id = try Self.campaignID(context)
        guard let campaign = try await store.campaign(id: id) else { throw APIError.unknownCampaign(id) }
        return ReceiverJSON.response(CampaignResource(campaign, publicBaseURL: publicBaseURL), status: .ok)
    }

    /// `DELETE /api/campaigns/{id}`: the campaign goes with its clicks, conversions, statistics
    /// and postback log lines; 204 without a body, 404 for an unknown campaign.
    func deleteCampaign(_ context: ReceiverRequestContext) async throws -> Response {
        let id = try Self.campaignID(context)
        guard try await store.deleteCampaign(id: id) else { throw APIError.unknownCampaign(id) }
        return Response(status: .noContent)
    }

    func listCampaigns() async throws -> Response {
        let campaigns = try await store.campaigns().map { CampaignResource($0, publicBaseURL: publicBaseURL) }
        return ReceiverJSON.response(campaigns, status: .ok)
    }

    // MARK: Clicks and statistics

    struct IssuedClicks: Encodable {
        let clickIDs: [String]
        enum CodingKeys: String, CodingKey { case clickIDs = "click_ids" }
    }

    func addClicks(_ request: Request, _ context: ReceiverRequestContext) async throws -> Response {
        let id = try Self.campaignID(context)
        let input: ClickBatchInput = try await Self.decodeBody(request)
        guard try await store.campaign(id: id) != nil else { throw APIError.unknownCampaign(id) }
        let createdAt = input.createdAt ?? clock()
        let ids: [String]
        switch input.source {
        case .count(let count):
            var unique = Set<String>(minimumCapacity: count)
            var generated: [String] = []
            generated.reserveCapacity(count)
            while generated.count < count {
                let next = clickIDs.next()
                if unique.insert(next).inserted { generated.append(next) }
            }
            ids = generated
        case .ids(let given):
            ids = given
        }
        do {
            try await store.addClicks(ids.map { Click(id: $0, campaignID: id, createdAt: createdAt) })
        } catch let error as StoreError where error.isDuplicateClick {
            throw APIError.duplicateClick(error.message + "; no click of this request was recorded")
        } catch let error as StoreError where error.isUnknownCampaign {
            throw APIError.unknownCampaign(id)
        }
        return ReceiverJSON.response(IssuedClicks(clickIDs: ids), status: .created)
    }

    func stats(_ context: ReceiverRequestContext) async throws -> Response {
        let id = try Self.campaignID(context)
        guard let stats = try await store.stats(campaignID: id) else { throw APIError.unknownCampaign(id) }
        return ReceiverJSON.response(stats, status: .ok)
    }

    // MARK: Postback log

    /// The log newest first, read and written a page at a time (``PostbackLogStream``).
    func postbacks(_ request: Request) async throws -> Response {
        let filter = try Self.logFilter(request.uri.queryParameters)
        return try await PostbackLogStream(store: store, filter: filter).response()
    }

    static func logFilter(_ query: Parameters) throws(APIError) -> PostbackLogFilter {
        var filter = PostbackLogFilter()
        let known = ["campaign_id", "result", "reason", "limit"]
        for (name, _) in query where !known.contains(String(name)) {
            throw .invalidField(String(name), "unknown filter '\(name)'; use campaign_id, result, reason, limit")
        }
        for name in known where query.getAll(name).count > 1 {
            throw .invalidField(name, "\(name) is given more than once")
        }
        if let campaignID = query.get("campaign_id"), !campaignID.isEmpty {
            filter.campaignID = campaignID
        }
        if let text = query.get("result"), !text.isEmpty {
            guard let result = PostbackResult(rawValue: text) else {
                let allowed = PostbackResult.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidField("result", "result '\(text)' is not one of \(allowed)")
            }
            filter.result = result
        }
        if let text = query.get("reason"), !text.isEmpty {
            guard let reason = RejectReason(rawValue: text) else {
                let allowed = RejectReason.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidField("reason", "reason '\(text)' is not one of \(allowed)")
            }
            filter.reason = reason
        }
        if let text = query.get("limit"), !text.isEmpty {
            guard let limit = Int(text), (1...maxLogLimit).contains(limit) else {
                throw .invalidField("limit", "limit '\(text)' must be a whole number from 1 to \(maxLogLimit)")
            }
            filter.limit = limit
        }
        return filter
    }

    // MARK: Input

    static func campaignID(_ context: ReceiverRequestContext) throws(APIError) -> String {
        let id = context.parameters.get("id") ?? ""
        guard Campaign.isValidID(id) else {
            throw .invalidField("id", "campaign id '\(id)' must match [A-Za-z0-9_-]{1,64}")
        }
        return id
    }

    static func decodeBody<T: Decodable>(_ request: Request) async throws -> T {
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        guard buffer.readableBytes > 0 else {
            throw APIError.invalidJSON("the request body is empty; send a JSON object")
        }
        do {
            return try ReceiverJSON.decoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.invalidJSON("the request body is not valid JSON: \(Self.describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription)
        }
        return "\(error)"
    }
}
