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
    /// parentheses — `(idfa)`, `(advertiserId)`, `(app-id)`, `(install-unix-ts)`, `(click-ts)` —
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
            "app-id": .extra("app_id"), "install-unix-ts": .unixTime, "click-ts": .unixTime,
            "event_name": .event, "event_revenue": .amount, "event_revenue_currency": .currency,
            "event_time": .unixTime, "af_order_id": .txid,
        ],
        unknownMacro: .literal,
        missingValue: .empty,
        clickParameter: "clickid",
        commonWrongMacro: "(advertiserId)",
        retry: RetryPolicy(conditions: [.serverError], maxAttempts: 5, delays: [.seconds(15 * 60)])
    )

    /// Adjust (trackers.md, AJ-cs, AJ-enc, AJ-ev, AJ-ph, AJ-bp, AJ-tr, AJ-ck).
    ///
    /// Documented: there is no template in the tracker — the network appends its callbacks to the
    /// click link, URL-encoded, as `install_callback=`, `event_callback_<token>=` and
    /// `click_callback=`, with its own raw `{click_id}` inside so that ClickWall fills it at click
    /// time; Adjust decodes them once and fills its own `{x}` placeholders — `{installed_at}`,
    /// `{created_at}`, `{gps_adid}`, `{idfa}`, `{adid}`, `{tracker_name}`, `{activity_kind}`,
    /// `{event}` (the event token), `{event_name}` — and a placeholder without data is dropped
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
            "installed_at": .unixTime, "created_at": .unixTime, "gps_adid": .deviceID, "idfa": .deviceID,
            "adid": .deviceID, "tracker_name": .extra("tracker_name"), "activity_kind": .activityKind,
            "event": .trackerEvent, "event_name": .event, "revenue": .amount, "currency": .currency,
        ],
        unknownMacro: .literal,
        missingValue: .empty,
        clickParameter: "click_id",
        capturesCallbacks: true,
        refusesIPAddressHosts: true,
        commonWrongMacro: "{adid}",
        retry: RetryPolicy(
            conditions: [.serverError, .timeout, .connectionFailure], maxAttempts: 7, delays: [.seconds(4 * 3600)]),
        followsRedirects: false
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
            "txid": .txid, "conversion.type": .event, "et": .event,
        ],
        unknownMacro: .literal,
        missingValue: .empty,
        clickParameter: "externalid",
        commonWrongMacro: "{clickid}",
        firesOnRepeatedTransaction: false
    )
}
