import PostbackCore

/// The column lists that both stores' schemas share, in the order their row readers decode.
enum StoredColumns {
    /// A campaign row, as `campaign(from:)` of each store reads it.
    static let campaign = """
        id, status, type, payout, events, token, conversion_window_days, default_conversion_status, \
        tracking_link, dedup
        """

    /// A campaign's columns as written by `putCampaign` (``campaign`` and its timestamps).
    static let campaignInsert = campaign + ", created_at, updated_at"

    /// What a `putCampaign` of an existing id replaces: every column but `id` and `created_at`
    /// (the `DO UPDATE SET` clause of the campaign upsert, the same in both SQL dialects).
    static let campaignReplace = """
        status = excluded.status, type = excluded.type, payout = excluded.payout, events = excluded.events, \
        token = excluded.token, conversion_window_days = excluded.conversion_window_days, \
        default_conversion_status = excluded.default_conversion_status, tracking_link = excluded.tracking_link, \
        dedup = excluded.dedup, updated_at = excluded.updated_at
        """

    /// A postback log row, as `logEntry(from:)` of each store reads it.
    static let log = """
        id, received_at, method, url, source, user_agent, result, reason, message, campaign_id, click_id, \
        http_status, conversion_id, warnings, body, headers, tls
        """

    /// The postback log's columns written for one request (every log column but `id`).
    static let logInsert = """
        received_at, method, url, source, user_agent, result, reason, message, campaign_id, click_id, \
        http_status, conversion_id, warnings, body, headers, tls
        """

    /// The integer counters of `campaign_counters`, in ``CampaignCounter/allCases`` order,
    /// followed by `payout_total` (decimal text).
    static let counters = CampaignCounter.columnList + ", payout_total"
}
