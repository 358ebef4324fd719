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

    /// AppsFlyer (trackers.md, AF-link, AF-mac, AF-tune, AF-iae, AF-retry).
    ///
    /// Documented: the attribution link carries ClickWall's click id as `clickid`; partner
    /// templates carry it back as `{clickid}`, and AppsFlyer's own macros are written in
    /// parentheses — `(idfa)`, `(advertiserId)`, `(app-id)`, `(install-unix-ts)`, `(click-ts)`,
    /// `(campaign)`, `(ip)`, `(country-code)` (the catalogue: docs/trackers.md) —
    /// with link parameters also reachable as `(clickid)`, so both forms are accepted. Installs and
    /// in-app events are separate postbacks; in-app ones carry the mapped `event_name`,
    /// `event_revenue`, `event_revenue_currency`, `event_time`. Retries only on a 5xx answer, up
    /// to 4 more sends 15 minutes apart (5 in all); modelled as switched on, although AppsFlyer
    /// ships it off by default.
    ///
    /// Unconfirmed, chosen here: GET; no User-Agent header (none is documented, so none is
    /// invented); a known macro without a value is sent empty; a macro AppsFlyer does not know
    /// (ClickWall's own `{click_id}`) is sent literally; values are percent-encoded; 5 s connect
    /// and 10 s total timeouts; the advertising id stands for the macro advertisers most often
    /// put in the click id's place, `(advertiserId)`.
    public static let appsFlyer = TrackerProfile(
        name: "appsflyer",
        macroSyntaxes: [.braces, .parentheses],
        macros: [
            "clickid": .clickID, "idfa": .deviceID, "advertiserId": .deviceID, "advertising_id": .deviceID,
            "android-id": .deviceID, "app-id": .text("app_id"), "wifi": .constant("TRUE"),
            "install-unix-ts": .unixTime, "click-ts": .unixTime, "campaign": .text("campaign"), "ip": .ipAddress,
            "country-code": .countryCode, "event_name": .event, "event_revenue": .amount,
            "event_revenue_currency": .currency, "event_revenue_USD": .amount, "event_time": .unixTime,
            "af_order_id": .txid,
        ],
        unknownMacro: .literal,
        missingValue: .empty,
        clickParameter: "clickid",
        commonWrongMacro: "(advertiserId)",
        retry: RetryPolicy(conditions: [.serverError], maxAttempts: 5, delays: [.seconds(15 * 60)]),
        source: "https://support.appsflyer.com/hc/en-us/articles/207273946-Postback-macros-for-ad-networks",
        macroSources: [
            "clickid": "https://support.appsflyer.com/hc/en-us/articles/207447163",
            "event_name":
                "https://support.appsflyer.com/hc/en-us/articles/360016751637-Postback-macros-for-analytics-partners",
            "event_revenue":
                "https://support.appsflyer.com/hc/en-us/articles/360016751637-Postback-macros-for-analytics-partners",
            "event_revenue_currency":
                "https://support.appsflyer.com/hc/en-us/articles/360016751637-Postback-macros-for-analytics-partners",
            "event_revenue_USD":
                "https://support.appsflyer.com/hc/en-us/articles/360016751637-Postback-macros-for-analytics-partners",
            "event_time":
                "https://support.appsflyer.com/hc/en-us/articles/360016751637-Postback-macros-for-analytics-partners",
            "advertising_id":
                "https://support.appsflyer.com/hc/en-us/articles/360016751637-Postback-macros-for-analytics-partners",
            "af_order_id": "https://support.appsflyer.com/hc/en-us/articles/208439256",
        ],
        macroForms: Dictionary(
            uniqueKeysWithValues: [
                "idfa", "advertiserId", "advertising_id", "android-id", "app-id", "wifi", "install-unix-ts", "click-ts",
                "campaign", "ip", "country-code", "event_name", "event_revenue", "event_revenue_currency",
                "event_revenue_USD", "event_time", "af_order_id",
            ].map { ($0, MacroSyntax.parentheses) }),
        vocabularies: [
            "event_name": ValueVocabulary(
                change: "map the in-app event to ClickWall's event name in the partner's in-app event postback "
                    + "settings (event mapping), or write a fixed event=<ClickWall event> in that postback.",
                source: "https://support.appsflyer.com/hc/en-us/articles/208439256")
        ],
        displayName: "AppsFlyer"
    )

    /// Adjust (trackers.md, AJ-cs, AJ-enc, AJ-ev, AJ-ph, AJ-bp, AJ-tr, AJ-ck).
    ///
    /// Documented: there is no template in the tracker — the network appends its callbacks to the
    /// click link, URL-encoded, as `install_callback=`, `event_callback_<token>=` and
    /// `click_callback=`, with its own raw `{click_id}` inside so that ClickWall fills it at click
    /// time; Adjust decodes them once and fills its own `{x}` placeholders — `{installed_at}`,
    /// `{created_at}`, `{gps_adid}`, `{idfa}`, `{adid}`, `{tracker_name}`, `{activity_kind}`,
    /// `{event}` (the event token), `{event_name}`, `{ip_address}`, `{revenue}`, `{currency}` — and a
    /// placeholder without data is dropped
    /// (sent empty). A callback that was not encoded loses its `&…` parameters to the click
    /// link. GET; redirects are not followed; a callback host that is an IP address is refused;
    /// retries on a 5xx answer or no answer, up to 6 resends over 24 hours.
    ///
    /// Unconfirmed, chosen here: the 6 resends are spread evenly, every 4 hours; no User-Agent
    /// header (none is documented); a placeholder Adjust does not know is sent literally; values
    /// are percent-encoded; 5 s connect and 10 s total timeouts; `{adid}` stands for the macro
    /// advertisers put in the click id's place by mistake.
    public static let adjust = TrackerProfile(
        name: "adjust",
        macroSyntaxes: [.braces],
        macros: [
            "installed_at": .unixTime, "created_at": .unixTime, "click_time": .unixTime, "gps_adid": .deviceID,
            "idfa": .deviceID, "idfv": .deviceID, "adid": .deviceID, "tracker_name": .text("tracker_name"),
            "tracker": .text("tracker"), "app_name": .text("app_name"), "activity_kind": .activityKind,
            "event": .trackerEvent, "event_name": .event, "revenue": .amount, "reporting_revenue": .amount,
            "currency": .currency, "ip_address": .ipAddress, "os_name": .text("os_name"), "label": .empty,
        ],
        unknownMacro: .literal,
        missingValue: .empty,
        clickParameter: "click_id",
        capturesCallbacks: true,
        refusesIPAddressHosts: true,
        commonWrongMacro: "{adid}",
        retry: RetryPolicy(
            conditions: [.serverError, .timeout, .connectionFailure], maxAttempts: 7, delays: [.seconds(4 * 3600)]),
        followsRedirects: false,
        source: "https://help.adjust.com/en/partner/placeholders",
        macroSources: [
            "event": "https://help.adjust.com/en/article/event-callbacks",
            "event_name": "https://help.adjust.com/en/article/event-callbacks",
            "label": "https://help.adjust.com/en/optimize/user-rewards",
        ],
        vocabularies: [
            "event": ValueVocabulary(
                change: "write ClickWall's event name as a fixed value in that token's own callback "
                    + "(event_callback_<token>=…&event=purchase), or send {event_name}.",
                source: "https://help.adjust.com/en/article/event-callbacks")
        ],
        displayName: "Adjust"
    )

    /// Voluum (trackers.md, VL-ts, VL-pp, VL-s2s, VL-up).
    ///
    /// Documented: the traffic source's click id is captured on the campaign URL through the
    /// External ID parameter configured for the traffic source (`externalid` here; a scenario's
    /// `click_param` names another) and sent back with `{externalid}`; `{clickid}` is Voluum's own
    /// click id, which ClickWall never issued. GET. Voluum drops a repeated conversion (same click
    /// and event) unless its transaction id differs, so such a repeat never reaches ClickWall.
    ///
    /// Unconfirmed, chosen here: `{payout}`, `{transaction.id}` (also `{txid}`) and the conversion
    /// type (`{conversion.type}`, `{et}`) are available in traffic-source postbacks; no retries;
    /// no User-Agent header (none is documented); an unknown token is sent literally, a token
    /// without a value empty; values are percent-encoded; 5 s connect and 10 s total timeouts.
    public static let voluum = TrackerProfile(
        name: "voluum",
        macroSyntaxes: [.braces],
        macros: [
            "externalid": .clickID, "clickid": .trackerClickID, "payout": .payout, "transaction.id": .txid,
            "txid": .txid, "conversion.type": .event, "et": .event, "campaign.id": .text("voluum_campaign_id"),
        ],
        unknownMacro: .literal,
        missingValue: .empty,
        clickParameter: "externalid",
        commonWrongMacro: "{clickid}",
        firesOnRepeatedTransaction: false,
        source: "https://doc.voluum.com/en/traffic_source_postback_url.html",
        macroSources: [
            "clickid": "https://doc.voluum.com/article/parameters-in-postback-urls",
            "payout": "https://doc.voluum.com/article/parameters-in-postback-urls",
            "transaction.id": "https://doc.voluum.com/en/tracking_conversions_postback.html",
            "txid": "https://doc.voluum.com/en/tracking_conversions_postback.html",
            "et": "https://doc.voluum.com/en/tracking_conversions_postback.html",
            "conversion.type": "https://doc.voluum.com/en/tracking_conversions_postback.html",
        ],
        displayName: "Voluum"
    )
}
