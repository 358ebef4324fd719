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
    /// profile's own when the scenario gives none. Never empty.
    public var postbacks: [String]
    /// The campaign whose clicks this tracker converts when a step does not say: `campaign:`,
    /// else the declared campaign its postback's `campaign_id` names, else the only campaign.
    public var campaignID: String?
    public var location: SourceLocation?

    public init(
        name: String, profile: TrackerProfile, profileReference: String? = nil, profilePath: String? = nil,
        postbacks: [String], campaignID: String? = nil, location: SourceLocation? = nil
    ) {
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
