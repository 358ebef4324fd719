/// How each fault is injected on the tracker's side: in the link the click redirected to, in
/// what the tracker captured, in the template, or in the filled URL. Faults that act on the
/// receiver, the clock or the campaign (`retry-after-*`, `expired-click`, `campaign-paused`) and
/// the repeats (`duplicate*`, `two-postbacks-configured`) are carried out by the scenario runner.
extension Fault {
    /// Why this fault cannot be injected through `profile`, or `nil` when it can.
    public func inapplicability(to profile: TrackerProfile) -> String? {
        switch self {
        case .unencodedCallback where !profile.capturesCallbacks:
            return
                "fault 'unencoded-callback' needs a tracker that takes its callbacks from the click link (adjust); '\(profile.name)' uses a configured postback"
        case .unsubstitutedMacro:
            let clickWallMacro = profile.macroTemplate("{click_id}").macros.first
            if let clickWallMacro, profile.knowsMacro(clickWallMacro.name) {
                return
                    "fault 'unsubstituted-macro' leaves ClickWall's {click_id} in the postback, but '\(profile.name)' knows {click_id} and fills it"
            }
            return nil
        case .wrongMacro where wrongMacro(for: profile) == nil:
            return
                "fault 'wrong-macro' needs a macro of '\(profile.name)' that gives another id (its own click id or a device id); the profile maps none"
        default:
            return nil
        }
    }

    /// The macro put in the click id's place by ``wrongMacro``: the profile's
    /// ``TrackerProfile/commonWrongMacro``, else its first macro giving the tracker's own click id
    /// or a device id, written in its first syntax.
    public func wrongMacro(for profile: TrackerProfile) -> String? {
        if let macro = profile.commonWrongMacro { return macro }
        let candidates = profile.macros.filter { $0.value == .trackerClickID || $0.value == .deviceID }.keys.sorted()
        guard let name = candidates.first, let syntax = profile.macroSyntaxes.first,
            let (opener, closer) = syntax.delimiters.first
        else { return nil }
        return opener + name + closer
    }

    /// The tracking link as it would have been had the fault been in the advertiser's setup:
    /// the click parameter dropped (`tracking-link-drops-click-id`), or the callbacks pasted
    /// without encoding (`unencoded-callback`).
    public func trackingLink(_ link: String, profile: TrackerProfile) -> String {
        switch self {
        case .trackingLinkDropsClickID where !profile.capturesCallbacks:
            return URLQuery.editing(link, parameter: profile.clickParameter) { _ in nil }
        case .unencodedCallback:
            var result = link
            for (name, _) in URLQuery.pairs(of: link) where CapturedClick.isCallbackParameter(name) {
                result = URLQuery.editing(result, parameter: name) { PercentEncoding.decode($0) ?? $0 }
            }
            return result
        default:
            return link
        }
    }

    /// What the tracker captured, as the fault leaves it: nothing for an organic install
    /// (`empty-click-id`), the id cut in half (`truncated-click-id`).
    public func captured(_ click: CapturedClick, profile: TrackerProfile) -> CapturedClick {
        switch self {
        case .emptyClickID:
            return .organic
        case .truncatedClickID where !profile.capturesCallbacks:
            var result = click
            result.clickID = click.clickID.map(Self.truncated)
            return result
        default:
            return click
        }
    }

    /// The template (for Adjust, the decoded callback, its click id already filled in) as the
    /// fault changes it. `otherCampaignID` is the id `wrong-campaign` puts in; `badPayout` the
    /// value `bad-payout` sends. Throws ``FaultError`` when the template lacks what the fault edits.
    public func template(
        _ template: String, profile: TrackerProfile, otherCampaignID: String, badPayout: String
    ) throws(FaultError) -> String {
        let clickID = ClickWallParameter.clickID
        func requireClickID() throws(FaultError) {
            guard URLQuery.value(of: clickID, in: template) != nil else {
                throw FaultError(
                    message:
                        "fault '\(rawValue)' edits the postback's \(clickID) parameter, but '\(template)' has none")
            }
        }
        switch self {
        case .unsubstitutedMacro:
            try requireClickID()
            return URLQuery.editing(template, parameter: clickID) { _ in "{click_id}" }
        case .wrongMacro:
            try requireClickID()
            guard let macro = wrongMacro(for: profile) else { return template }
            return URLQuery.editing(template, parameter: clickID) { _ in macro }
        case .renamedParameter:
            try requireClickID()
            return URLQuery.editing(template, parameter: clickID, rename: "clickid")
        case .missingParameter:
            try requireClickID()
            return URLQuery.editing(template, parameter: clickID) { _ in nil }
        case .wrongCampaign:
            guard URLQuery.value(of: ClickWallParameter.campaignID, in: template) != nil else {
                throw FaultError(
                    message: "fault 'wrong-campaign' edits the postback's campaign_id, but '\(template)' has none")
            }
            return URLQuery.editing(template, parameter: ClickWallParameter.campaignID) { _ in otherCampaignID }
        case .htmlEscapedAmpersand:
            return URLQuery.replacingSeparators(in: template, with: "&amp;")
        case .whitespaceInURL:
            try requireClickID()
            return URLQuery.editing(template, parameter: clickID) { "%20" + $0 }
        case .badPayout:
            guard URLQuery.value(of: ClickWallParameter.payout, in: template) != nil else {
                return URLQuery.appending("\(ClickWallParameter.payout)=\(badPayout)", to: template)
            }
            return URLQuery.editing(template, parameter: ClickWallParameter.payout) { _ in badPayout }
        case .trackingLinkDropsClickID where profile.capturesCallbacks:
            try requireClickID()
            return URLQuery.editing(template, parameter: clickID) { _ in "" }
        case .truncatedClickID where profile.capturesCallbacks:
            try requireClickID()
            return URLQuery.editing(template, parameter: clickID) { Self.truncated($0) }
        default:
            return template
        }
    }

    /// The filled URL as the fault changes it on the way out: the click id encoded twice
    /// (`double-encoded`).
    public func filledURL(_ url: String) -> String {
        guard self == .doubleEncoded else { return url }
        return URLQuery.editing(url, parameter: ClickWallParameter.clickID) { raw in
            let value = PercentEncoding.decode(raw) ?? raw
            return value.utf8.map { byte in "%25" + Self.hex(byte) }.joined()
        }
    }

    /// The first half of a click id (at least one character kept).
    static func truncated(_ clickID: String) -> String {
        String(clickID.prefix(max(1, clickID.count / 2)))
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

/// A fault that cannot be injected into a given postback.
public struct FaultError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}
