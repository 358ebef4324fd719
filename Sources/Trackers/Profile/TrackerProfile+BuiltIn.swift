import PostbackCore

extension TrackerProfile {
    /// Names of the built-in profiles.
    public static let builtInNames = ["appsflyer", "adjust", "voluum"]

    /// The built-in profile named `name`, if any.
    public static func builtIn(named name: String) -> TrackerProfile? {
        switch name {
        case "appsflyer": appsFlyer
        case "adjust": adjust
        case "voluum": voluum
        default: nil
        }
    }

    /// AppsFlyer (trackers.md). The attribution link carries the click id as `clickid`; the
    /// partner template carries it back as `{clickid}` or `(clickid)`. Retries only on 5xx,
    /// 4 more sends 15 minutes apart. Unconfirmed, chosen here: GET, no User-Agent, a missing
    /// value sent empty, an unknown macro sent literally (what the field reports).
    public static let appsFlyer = TrackerProfile(
        name: "appsflyer",
        macroSyntaxes: [.braces, .parentheses],
        macros: [
            "clickid": .clickID, "event_name": .event, "event_revenue": .amount,
            "event_revenue_currency": .currency, "af_order_id": .txid,
        ],
        unknownMacro: .literal,
        missingValue: .empty,
        clickParameter: "clickid",
        retry: RetryPolicy(conditions: [.serverError], maxAttempts: 5, delays: [.seconds(15 * 60)])
    )

    /// Adjust (trackers.md). `{x}` placeholders; a placeholder without data is dropped (sent
    /// empty); redirects are not followed; retries on 5xx or no answer, up to 6 resends over
    /// 24 hours (every 4 hours, chosen here). Preliminary: the capture from the encoded
    /// `install_callback` comes with the tracker simulators; here the link's `click_id`.
    public static let adjust = TrackerProfile(
        name: "adjust",
        macroSyntaxes: [.braces],
        macros: [
            "click_id": .clickID, "event": .event, "event_name": .event, "revenue": .amount,
            "currency": .currency,
        ],
        unknownMacro: .literal,
        missingValue: .empty,
        clickParameter: "click_id",
        retry: RetryPolicy(
            conditions: [.serverError, .timeout, .connectionFailure], maxAttempts: 7, delays: [.seconds(4 * 3600)]),
        followsRedirects: false
    )

    /// Voluum (trackers.md). The traffic source's click id is captured through its External ID
    /// parameter and sent back as `{externalid}`; `{clickid}` is Voluum's own id, which
    /// ClickWall never issued. A repeated conversion is dropped unless its txid differs.
    /// Unconfirmed, chosen here: no retries, an unknown token sent literally.
    public static let voluum = TrackerProfile(
        name: "voluum",
        macroSyntaxes: [.braces],
        macros: [
            "externalid": .clickID, "clickid": .trackerClickID, "payout": .payout,
            "transaction.id": .txid, "txid": .txid, "et": .event,
        ],
        unknownMacro: .literal,
        missingValue: .empty,
        clickParameter: "externalid",
        firesOnRepeatedTransaction: false
    )
}
