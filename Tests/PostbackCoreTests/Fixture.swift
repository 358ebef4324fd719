import Foundation
import PostbackCore

/// Requests, campaigns and clicks shared by the rule-chain tests, on a fixed clock.
enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)
    static let day: TimeInterval = 86_400
    static let rules = PostbackRules()

    static func get(_ query: String) -> PostbackRequest {
        PostbackRequest(method: "GET", target: "/postback/advertiser?\(query)", receivedAt: now)
    }

    static func post(
        query: String? = nil, body: String, contentType: String? = "application/x-www-form-urlencoded"
    ) -> PostbackRequest {
        PostbackRequest(
            method: "POST", target: "/postback/advertiser" + (query.map { "?\($0)" } ?? ""), contentType: contentType,
            body: Array(body.utf8), receivedAt: now)
    }

    static func request(method: String, query: String, body: [UInt8] = [], contentType: String? = nil)
        -> PostbackRequest
    {
        PostbackRequest(
            method: method, target: "/postback/advertiser?\(query)", contentType: contentType, body: body,
            receivedAt: now)
    }

    static func campaign(
        _ id: String = "1234", status: CampaignStatus = .active, type: CampaignType = .cpi, payout: String = "1.20",
        events: [String: String]? = nil, token: String? = nil, window: Int = 30,
        defaultStatus: ConversionStatus = .approved, dedup: DedupMode = .clickEvent
    ) -> Campaign {
        Campaign(
            id: id, status: status, type: type, payout: Money(payout) ?? .zero,
            events: events?.mapValues { Money($0) ?? .zero }, token: token, conversionWindowDays: window,
            defaultConversionStatus: defaultStatus, dedup: dedup)
    }

    static func click(_ id: String = "abc123", campaign: String = "1234", ageDays: Double = 1) -> Click {
        Click(id: id, campaignID: campaign, createdAt: now.addingTimeInterval(-ageDays * day))
    }

    /// Rules 1–12 in a row, as the receiver runs them.
    static func judge(_ request: PostbackRequest, campaign: Campaign?, click: Click?) -> Result<
        ConversionCandidate, Rejection
    > {
        rules.parse(request).flatMap { rules.evaluate($0, campaign: campaign, click: click, now: now) }
    }

    static func judge(_ query: String, campaign: Campaign?, click: Click?) -> Result<ConversionCandidate, Rejection> {
        judge(get(query), campaign: campaign, click: click)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }

    var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}
