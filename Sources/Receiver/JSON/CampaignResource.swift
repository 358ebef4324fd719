import PostbackCore

/// A campaign as `GET /api/campaigns/{id}` serves it: every field of ``Campaign`` (nulls
/// included) plus `postback_url`, null while the campaign is pending or rejected.
struct CampaignResource: Encodable {
    let campaign: Campaign
    let postbackURL: String?

    init(_ campaign: Campaign, publicBaseURL: String) {
        self.campaign = campaign
        self.postbackURL = campaign.postbackURL(base: publicBaseURL)
    }

    enum CodingKeys: String, CodingKey {
        case id, status, type, payout, events, token
        case conversionWindowDays = "conversion_window_days"
        case defaultConversionStatus = "default_conversion_status"
        case trackingLink = "tracking_link"
        case dedup
        case postbackURL = "postback_url"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(campaign.id, forKey: .id)
        try c.encode(campaign.status, forKey: .status)
        try c.encode(campaign.type, forKey: .type)
        try c.encode(campaign.payout, forKey: .payout)
        try c.encode(campaign.events, forKey: .events)
        try c.encode(campaign.token, forKey: .token)
        try c.encode(campaign.conversionWindowDays, forKey: .conversionWindowDays)
        try c.encode(campaign.defaultConversionStatus, forKey: .defaultConversionStatus)
        try c.encode(campaign.trackingLink, forKey: .trackingLink)
        try c.encode(campaign.dedup, forKey: .dedup)
        try c.encode(postbackURL, forKey: .postbackURL)
    }
}
