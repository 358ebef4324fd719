import PostbackCore

/// Lints a postback template for one tracker: every mistake of trackers.md's "how postbacks go
/// wrong in the field" that can be seen in the template itself, each with the fix.
///
/// It checks the URL's shape (scheme, host, path, whitespace, line breaks, `&amp;`, a second
/// `?`, a fragment), the parameter names (exact, required ones present, near misses and swapped
/// name and macro through ``ParameterHint``), the click-id macro for that tracker, macros the
/// tracker does not know, encoding (`%7Bclickid%7D`, `%257B`), fixed values ClickWall would refuse
/// and, when given, the campaign id. Used by `postback-harness check` and usable by any tool.
///
/// For a tracker that takes its callbacks from the click link (Adjust), the template is the
/// callback, given as it is, encoded as it goes on the link, or as the whole click link (see
/// ``ClickLinkCallback``): its click id is ClickWall's raw `{click_id}`, a callback on a link
/// must be encoded, and `{click_id}` inside an encoded callback must stay raw.
public struct TemplateLint: Sendable {
    /// The host of ClickWall's postback URL, per the guide.
    public static let clickWallHost = "clickwall.net"
    /// The path of ClickWall's postback URL, per the guide.
    public static let postbackPath = "/postback/advertiser"

    /// The tracker the template is meant for.
    public var profile: TrackerProfile
    /// The campaign the template must name (`--campaign`), if known.
    public var campaignID: String?

    public init(profile: TrackerProfile, campaignID: String? = nil) {
        self.profile = profile
        self.campaignID = campaignID
    }

    /// Every problem found in `template`, in the order they appear; empty when it is clean. A field
    /// the tracker splits into several URLs (``TrackerProfile/urlSplit``) gets a `split_field`
    /// warning, then each URL's findings.
    public func findings(in template: String) -> [LintFinding] {
        let urls = profile.capturesCallbacks ? [template] : profile.urlSplit.urls(in: template)
        guard urls.count > 1 else {
            var run = LintRun(lint: self)
            run.check(urls.first ?? template)
            return run.findings
        }
        let listed = urls.enumerated().map { "\($0.offset + 1). '\($0.element)'" }.joined(separator: " ")
        var findings = [
            LintFinding(
                code: .splitField, severity: .warning,
                problem:
                    "\(trackerName) splits this field at \(profile.urlSplit.separatorName) and sends each piece on its "
                    + "own: \(urls.count) requests — \(listed). A space inside a URL makes two sends.",
                fix: "keep one postback URL in the field, with no \(profile.urlSplit.separatorName) inside it.")
        ]
        for (index, url) in urls.enumerated() {
            var run = LintRun(lint: self)
            run.check(url)
            for var finding in run.findings {
                finding.problem = "in URL \(index + 1) of \(urls.count): " + finding.problem
                findings.append(finding)
            }
        }
        return findings
    }

    /// The tracker's name as people write it (the profile's ``TrackerProfile/displayName``, else its name).
    public var trackerName: String {
        profile.displayName ?? profile.name
    }

    /// The macros that this tracker fills with ClickWall's click id, in its documented form
    /// (`{clickid}`, `{externalid}`), those documented on the profile's own ``TrackerProfile/source``
    /// page first, each group sorted. For a tracker that takes its callbacks from the click
    /// link (Adjust) that is ClickWall's own `{click_id}`, which ClickWall fills at click time.
    public var clickMacros: [String] {
        let names = profile.macros.filter { $0.value == .clickID }.keys.sorted()
        let own = (names.filter { profile.macroSources[$0] == nil } + names.filter { profile.macroSources[$0] != nil })
            .map { profile.documentedForm(of: $0) }
        return profile.capturesCallbacks ? [ClickLinkCallback.placeholder] + own : own
    }

    /// The click-id macro to suggest, or a sentence when the profile has none.
    var suggestedClickMacro: String {
        clickMacros.first ?? "the macro \(trackerName) fills with the click id it captured"
    }
}
