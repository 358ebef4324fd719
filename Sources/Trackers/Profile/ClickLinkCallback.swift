/// A callback as a tracker that ``TrackerProfile/capturesCallbacks`` (Adjust) takes it: the
/// postback URL the network appends to the tracker's click link, URL-encoded, with ClickWall's
/// own `{click_id}` left raw inside so that ClickWall fills it when the user clicks
/// (trackers.md, AJ-cs, AJ-enc).
///
/// People hold such a callback in one of three forms, and `check`, `send` and the test
/// conversion accept each: the callback itself (`https://clickwall.net/postback/advertiser?…`),
/// the callback encoded as it goes on the link (`https%3A%2F%2Fclickwall.net…{click_id}…`), or
/// the whole click link (`https://app.adjust.com/abc123?install_callback=…`).
public enum ClickLinkCallback {
    /// ClickWall's placeholder, which its click route fills only in this raw form.
    public static let placeholder = "{click_id}"
    /// The click link the test conversion uses when it is given a callback alone.
    public static let exampleClickLink = "https://app.adjust.com/abc123"

    /// One form of a callback, as given.
    public enum Form: Sendable, Hashable {
        /// The callback URL itself, not encoded.
        case callback(String)
        /// The callback encoded for the click link; `decoded` is what the tracker reads after
        /// decoding it once.
        case encoded(raw: String, decoded: String)
        /// A whole click link carrying one or more callbacks.
        case clickLink(String)
    }

    /// Which form `text` is in.
    public static func form(of text: String) -> Form {
        let lowered = text.lowercased()
        if lowered.hasPrefix("https%3a%2f%2f") || lowered.hasPrefix("http%3a%2f%2f") {
            return .encoded(raw: text, decoded: PercentEncoding.decode(text) ?? text)
        }
        if URLQuery.pairs(of: text).contains(where: { CapturedClick.isCallbackParameter($0.name) }) {
            return .clickLink(text)
        }
        return .callback(text)
    }

    /// `callback` encoded for the click link: every byte percent-encoded except ClickWall's raw
    /// `{click_id}`.
    public static func encoded(_ callback: String) -> String {
        callback.components(separatedBy: placeholder).map { PercentEncoding.encode($0) }.joined(separator: placeholder)
    }

    /// A click link carrying `callback` for `trackerEvent` (`install_callback=` for an install,
    /// `event_callback_<token>=` for an in-app event).
    public static func clickLink(carrying callback: String, trackerEvent: String?) -> String {
        exampleClickLink + "?" + CapturedClick.callbackParameter(forTrackerEvent: trackerEvent) + "="
            + encoded(callback)
    }

    /// The click link `text` stands for: a click link as given, else one that carries the
    /// callback (encoded or not) for `trackerEvent`.
    public static func clickLink(for text: String, trackerEvent: String?) -> String {
        switch form(of: text) {
        case .clickLink(let link): link
        case .encoded(let raw, _):
            exampleClickLink + "?" + CapturedClick.callbackParameter(forTrackerEvent: trackerEvent) + "=" + raw
        case .callback(let callback): clickLink(carrying: callback, trackerEvent: trackerEvent)
        }
    }

    /// Whether `raw` holds ClickWall's placeholder percent-encoded (`%7Bclick_id%7D`), which
    /// ClickWall's click route does not fill.
    public static func hasEncodedPlaceholder(_ raw: String) -> Bool {
        raw.lowercased().contains("%7bclick_id%7d")
    }
}
