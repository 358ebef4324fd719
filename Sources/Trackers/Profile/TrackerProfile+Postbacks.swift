import Foundation

extension TrackerProfile {
    /// The scenario keys that configure a tracker's postback templates.
    public static let postbackKeys = ["postback", "postbacks", "event_postback", "event_postbacks"]

    /// The templates this tracker fills for one conversion: the callback for `trackerEvent` it
    /// took from the click link, for a tracker that takes its callbacks from there (Adjust), else
    /// `configured`, each field split into its URLs per ``urlSplit``. Empty when it has nothing
    /// to send (no callback for the event on the link).
    public func postbackTemplates(
        for click: CapturedClick, trackerEvent: String?, configured: [String]
    ) -> [String] {
        guard capturesCallbacks else { return configured.flatMap(urlSplit.urls(in:)) }
        return click.callback(forTrackerEvent: trackerEvent).map { [$0] } ?? []
    }

    /// The tracking link a test campaign gives this tracker for `template` (the text configured
    /// in it): a link passing ClickWall's `{click_id}` in ``clickParameter``, or, for a tracker that
    /// takes its callbacks from the click link, that link carrying the callback `template` stands for.
    public func testTrackingLink(for template: String, trackerEvent: String?) -> String {
        guard capturesCallbacks else {
            return "https://tracker.example/click?\(clickParameter)=\(ClickLinkCallback.placeholder)"
        }
        return ClickLinkCallback.clickLink(for: template, trackerEvent: trackerEvent)
    }

    /// The postback URL that `template`, as configured in this tracker, stands for before any click:
    /// the template itself, or for a tracker that takes its callbacks from the click link the
    /// callback for `trackerEvent` it carries (ClickWall's `{click_id}` still raw inside); `nil`
    /// when it carries none.
    public func configuredPostback(_ template: String, trackerEvent: String?) -> String? {
        postbackTemplates(
            for: capture(fromTrackingURL: testTrackingLink(for: template, trackerEvent: trackerEvent)),
            trackerEvent: trackerEvent, configured: [template]
        ).first
    }

    /// The postback URLs this tracker sends for `template` after a click that ClickWall gave
    /// `clickID` (`nil` or empty: no click, an organic install): the template's URLs (several when
    /// it splits the field), or the callback it took from the clicked link; empty when it has
    /// nothing to send.
    public func clickedPostbacks(_ template: String, clickID: String?, trackerEvent: String?) -> [String] {
        let link = testTrackingLink(for: template, trackerEvent: trackerEvent)
        let captured =
            clickID.flatMap { $0.isEmpty ? nil : $0 }.map {
                capture(fromTrackingURL: link.replacingOccurrences(of: ClickLinkCallback.placeholder, with: $0))
            } ?? .organic
        return postbackTemplates(for: captured, trackerEvent: trackerEvent, configured: [template])
    }

    /// Why ``clickedPostbacks(_:clickID:trackerEvent:)`` is empty, for people: no click to take the
    /// callbacks from, or no callback for the event on the link.
    public func whyNoPostback(clickID: String?, trackerEvent: String?) -> String {
        if clickID?.isEmpty ?? true {
            return "\(name) takes its callbacks from the click link: without a click (an organic install) it has "
                + "none, so nothing is sent"
        }
        return "the click link carries no \(CapturedClick.callbackParameter(forTrackerEvent: trackerEvent)): "
            + "\(name) has nothing to send for this event"
    }

    /// Why a scenario may not configure `key` (one of ``postbackKeys``) for this tracker, named
    /// `trackerName`; `nil` when it may.
    public func problem(configuringPostbackKey key: String, trackerName: String) -> String? {
        guard capturesCallbacks else { return nil }
        return
            "tracker '\(trackerName)' (profile \(name)) takes its callbacks from the click link: remove '\(key)' and put the URL-encoded callback in the campaign's tracking_link (install_callback=…, event_callback_<token>=…)"
    }

    /// Why this tracker, named `trackerName`, cannot run with no postback template configured
    /// (and none of its own); `nil` when its postbacks come from elsewhere (the click link).
    public func problemWithoutPostback(trackerName: String) -> String? {
        guard !capturesCallbacks, postbacks.isEmpty else { return nil }
        return "tracker '\(trackerName)' has no postback: add 'postback: \"https://…\"' with the tracker's macros"
    }

    /// What the user configures in this tracker: a `postback template`, or a `callback`.
    public var configuredPostbackNoun: String { capturesCallbacks ? "callback" : "postback template" }

    /// Where this tracker takes ClickWall's click id from, for people: `'clickid'`, or the callbacks
    /// on the click link.
    public var clickIDSource: String {
        capturesCallbacks ? "the callbacks on the click link" : "'\(clickParameter)'"
    }
}

extension TrackerProfile {
    /// The built-in trackers that send a configured postback template, each with the macro it
    /// fills with ClickWall's click id, those that send a repeated conversion again first: the
    /// trackers a replayed log can be reproduced with.
    public static var builtInSenders: [(profile: TrackerProfile, clickMacro: String)] {
        let senders = builtInNames.compactMap(builtIn(named:)).compactMap { profile -> (TrackerProfile, String)? in
            guard !profile.capturesCallbacks,
                let macro = profile.macros.filter({ $0.value == .clickID }).keys.sorted().first
            else { return nil }
            return (profile, profile.documentedForm(of: macro))
        }
        return senders.filter { $0.0.firesOnRepeatedTransaction } + senders.filter { !$0.0.firesOnRepeatedTransaction }
    }
}
