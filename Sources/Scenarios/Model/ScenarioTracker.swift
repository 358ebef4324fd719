import Trackers

/// A tracker as a scenario configures it (`trackers:`): a profile, the click parameter it
/// captures and the postback templates it fills.
public struct ScenarioTracker: Sendable, Hashable {
    public var name: String
    /// The resolved profile, with the scenario's `click_param` applied to it.
    public var profile: TrackerProfile
    /// What `profile:` said: a built-in name or the profile file as written.
    public var profileReference: String
    /// The profile file it was loaded from, `nil` for a built-in.
    public var profilePath: String?
    /// The templates each conversion is sent to: the scenario's `postback`/`postbacks`, or the
    /// profile's own when the scenario gives none. Empty only for a profile whose postbacks come
    /// from the click link (``TrackerProfile/postbackTemplates(for:trackerEvent:configured:)``).
    public var postbacks: [String]
    /// Templates for in-app events (`event_postback`/`event_postbacks`): AppsFlyer-like trackers
    /// send installs and in-app events to separate postbacks. Empty: in-app events use
    /// ``postbacks`` too.
    public var eventPostbacks: [String]
    /// The tracker's event mapping (`event_mapping`): the event as the tracker knows it (a
    /// traffic step's `event:`) → the event the partner gets. When set, an in-app event it does
    /// not map is not sent (a postback toggled off for that event).
    public var eventMapping: [String: String]
    /// A total timeout for this tracker's sends that replaces the profile's (`timeout:`).
    public var timeout: Duration?
    /// The campaign whose clicks this tracker converts when a step does not say: `campaign:`,
    /// else the declared campaign its postback's `campaign_id` names, else the only campaign.
    public var campaignID: String?
    public var location: SourceLocation?

    public init(
        name: String, profile: TrackerProfile, profileReference: String? = nil, profilePath: String? = nil,
        postbacks: [String], campaignID: String? = nil, location: SourceLocation? = nil,
        eventPostbacks: [String] = [], eventMapping: [String: String] = [:], timeout: Duration? = nil
    ) {
        self.eventPostbacks = eventPostbacks
        self.eventMapping = eventMapping
        self.timeout = timeout
        self.name = name
        self.profile = profile
        self.profileReference = profileReference ?? profile.name
        self.profilePath = profilePath
        self.postbacks = postbacks
        self.campaignID = campaignID
        self.location = location
    }

    /// The click parameter the tracker captures (the scenario's `click_param` or the profile's).
    public var clickParameter: String { profile.clickParameter }
}
