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
    /// The campaign's type, if known: a cps campaign needs `amount`, a multi-event (cpa) one `event`.
    public var campaignType: CampaignType?
    /// The status the tracker's conversions have, if known: one other than approved needs `status`
    /// (ClickWall records a postback without it as the campaign's default, approved).
    public var status: ConversionStatus?

    public init(
        profile: TrackerProfile, campaignID: String? = nil, campaignType: CampaignType? = nil,
        status: ConversionStatus? = nil
    ) {
        self.profile = profile
        self.campaignID = campaignID
        self.campaignType = campaignType
        self.status = status
    }

    /// Every problem found in `template`, in the order they appear; empty when it is clean.
    ///
    /// A field the tracker splits into several URLs (``TrackerProfile/urlSplit``) is linted URL by
    /// URL. A piece that is not a URL (no `scheme://`, no path before its first `=` or `&`) is the
    /// rest of the URL before it, cut by a stray separator: one error names the separator's column,
    /// and the URL is linted as if it were not there. Several URLs get a `split_field` warning; when
    /// one of them is ClickWall's, a URL to another host is noted there as not checked, and only
    /// ClickWall's are linted.
    public func findings(in template: String) -> [LintFinding] {
        guard !profile.capturesCallbacks, profile.urlSplit != .none else { return lint(template) }
        let pieces = profile.urlSplit.pieces(in: template)
        guard !pieces.isEmpty else { return lint(template) }
        var urls: [String] = []
        var findings: [LintFinding] = []
        for (index, piece) in pieces.enumerated() {
            guard index > 0, !Self.isURL(piece.text) else {
                urls.append(piece.text)
                continue
            }
            let previous = pieces[index - 1]
            let separator = template[template.index(template.startIndex, offsetBy: previous.end)]
            let what = separator == " " ? "space" : separator == "\t" ? "tab" : "line break"
            let column = previous.end + 1
            findings.append(
                LintFinding(
                    code: .splitField,
                    problem:
                        "a \(what) at column \(column) splits the URL: \(trackerName) sends two requests, the first "
                        + "without what follows and the second ('\(piece.text)') not a URL at all.",
                    fix: "remove the \(what) at column \(column)."))
            // Linted as if it were not there; inside an open bracket (a macro's argument) it is kept,
            // so that the findings quote the macro as the template holds it.
            let open = urls[urls.count - 1].reduce(into: 0) { depth, character in
                if "{[(".contains(character) { depth += 1 } else if "}])".contains(character) { depth -= 1 }
            }
            urls[urls.count - 1] += (open > 0 ? String(separator) : "") + piece.text
        }
        guard urls.count > 1 else { return findings + lint(urls.first ?? template, splitAlready: true) }
        let isClickWall = urls.map { PostbackURL($0).hostName == Self.clickWallHost }
        let checksAll = !isClickWall.contains(true)
        let listed = urls.enumerated().map { index, url in
            "\(index + 1). '\(url)'" + (checksAll || isClickWall[index] ? "" : " (not ClickWall's: not checked)")
        }
        findings.append(
            LintFinding(
                code: .splitField, severity: .warning,
                problem:
                    "\(trackerName) splits this field at \(profile.urlSplit.separatorName) and sends each piece on its "
                    + "own: \(urls.count) requests — \(listed.joined(separator: " ")). A space inside a URL makes two "
                    + "sends.",
                fix: "keep one postback URL in the field, with no \(profile.urlSplit.separatorName) inside it."))
        for (index, url) in urls.enumerated() where checksAll || isClickWall[index] {
            for var finding in lint(url, splitAlready: true) {
                finding.problem = "in URL \(index + 1) of \(urls.count): " + finding.problem
                findings.append(finding)
            }
        }
        return findings
    }

    /// The findings of one URL; `splitAlready` when the separators left inside it were reported.
    private func lint(_ url: String, splitAlready: Bool = false) -> [LintFinding] {
        var run = LintRun(lint: self)
        run.separatorsReported = splitAlready
        run.check(url)
        return run.findings
    }

    /// Whether a piece of a split field reads as a URL: a `scheme://`, or a path before its first
    /// `=` or `&` (`clickwall.net/postback/…`); `click_id=[[c1]]` is the rest of a cut URL.
    static func isURL(_ piece: String) -> Bool {
        if PostbackURL(piece).writtenScheme != nil { return true }
        guard let slash = piece.firstIndex(of: "/") else { return false }
        return piece.firstIndex { $0 == "=" || $0 == "&" }.map { slash < $0 } ?? true
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
