import PostbackCore
import Testing
import Trackers

/// ``TemplateLint``: every mistake of trackers.md's "how postbacks go wrong in the field" that a
/// template shows, per tracker, with the fix.
struct TemplateLintTests {
    static let base = "https://clickwall.net/postback/advertiser?campaign_id=1234"
    /// An Adjust callback encoded for the click link, as in scenarios/adjust/correct-setup.yaml.
    static let adjustEncoded =
        "https%3A%2F%2Fclickwall.net%2Fpostback%2Fadvertiser%3Fcampaign_id%3D1234%26click_id%3D{click_id}"
        + "%26gps_adid%3D%7Bgps_adid%7D%26kind%3D%7Bactivity_kind%7D"

    func codes(_ template: String, tracker: TrackerProfile = .appsFlyer, campaign: String? = nil) -> [LintCode] {
        TemplateLint(profile: tracker, campaignID: campaign).findings(in: template).map(\.code)
    }

    @Test(
        "the right template for each tracker is clean",
        arguments: [
            (TrackerProfile.appsFlyer, "\(base)&click_id={clickid}"),
            (TrackerProfile.appsFlyer, "\(base)&click_id=(clickid)&event={event_name}&amount={event_revenue}"),
            // Adjust: the callback, ClickWall's raw {click_id} in it (filled at click time) …
            (TrackerProfile.adjust, "\(base)&click_id={click_id}&event={event_name}"),
            // … encoded as it goes on the click link, {click_id} left raw …
            (TrackerProfile.adjust, adjustEncoded),
            // … or the whole click link carrying it.
            (TrackerProfile.adjust, "https://app.adjust.com/abc123?campaign=spring&install_callback=\(adjustEncoded)"),
            (TrackerProfile.voluum, "\(base)&click_id={externalid}&payout={payout}&txid={transaction.id}"),
        ])
    func clean(profile: TrackerProfile, template: String) {
        #expect(TemplateLint(profile: profile, campaignID: "1234").findings(in: template).isEmpty)
    }

    /// One row per mistake: the template, the tracker, and the finding it must give.
    struct Mistake: Sendable, CustomTestStringConvertible {
        var name: String
        var template: String
        var profile: TrackerProfile = .appsFlyer
        var code: LintCode
        var parameter: String?
        /// Words the fix must contain.
        var fix: String
        var testDescription: String { name }
    }

    static let mistakes: [Mistake] = [
        // A macro the tracker does not know is sent literally.
        Mistake(
            name: "ClickWall's {click_id} left in an AppsFlyer template",
            template: "\(base)&click_id={click_id}", code: .wrongClickMacro, parameter: "click_id", fix: "{clickid}"),
        Mistake(
            name: "a macro AppsFlyer does not know in click_id", template: "\(base)&click_id={sub_id}",
            code: .unknownMacro, parameter: "click_id", fix: "{clickid}"),
        Mistake(
            name: "a macro Voluum does not know in payout", template: "\(base)&click_id={externalid}&payout={revenue}",
            profile: .voluum, code: .unknownMacro, parameter: "payout", fix: "{"),
        Mistake(
            name: "a macro in another tracker's syntax", template: "\(base)&click_id=%%CLICK_ID%%",
            code: .unknownMacro, parameter: "click_id", fix: "{clickid}"),
        Mistake(
            name: "an encoded macro (%7Bclickid%7D)", template: "\(base)&click_id=%7Bclickid%7D",
            code: .encodedMacro, parameter: "click_id", fix: "{clickid} unencoded"),
        // The right macro for the click id on each tracker.
        Mistake(
            name: "Voluum {clickid} is Voluum's own id", template: "\(base)&click_id={clickid}", profile: .voluum,
            code: .wrongClickMacro, parameter: "click_id", fix: "{externalid}"),
        Mistake(
            name: "the click id inside extra braces ({{clickid}} sends {abc123})",
            template: "\(base)&click_id={{clickid}}", code: .wrongClickMacro, parameter: "click_id", fix: "{clickid}"),
        Mistake(
            name: "Adjust: ClickWall's {click_id} inside extra braces", template: "\(base)&click_id={{click_id}}",
            profile: .adjust, code: .wrongClickMacro, parameter: "click_id", fix: "{click_id}"),
        Mistake(
            name: "Adjust {adid} is not the click id", template: "\(base)&click_id={adid}", profile: .adjust,
            code: .wrongClickMacro, parameter: "click_id", fix: "{click_id}"),
        Mistake(
            name: "Adjust {adid} in the callback on a click link",
            template: "https://app.adjust.com/abc123?install_callback="
                + adjustEncoded.replacingOccurrences(of: "{click_id}", with: "%7Badid%7D"),
            profile: .adjust, code: .wrongClickMacro, parameter: "click_id", fix: "{click_id}"),
        Mistake(
            name: "AppsFlyer's {clickid} in an Adjust callback", template: "\(base)&click_id={clickid}",
            profile: .adjust, code: .unknownMacro, parameter: "click_id", fix: "{click_id}"),
        Mistake(
            name: "Adjust: {click_id} encoded with the callback",
            template: adjustEncoded.replacingOccurrences(of: "{click_id}", with: "%7Bclick_id%7D"), profile: .adjust,
            code: .encodedMacro, parameter: "click_id", fix: "%26click_id%3D{click_id}"),
        Mistake(
            name: "Adjust: a callback not encoded on the click link",
            template: "https://app.adjust.com/abc123?install_callback=\(base)&click_id={click_id}", profile: .adjust,
            code: .unencodedCallback, parameter: "install_callback", fix: "%26click_id%3D{click_id}"),
        Mistake(
            name: "a fixed click id", template: "\(base)&click_id=abc123", code: .fixedClickID, parameter: "click_id",
            fix: "{clickid}"),
        Mistake(
            name: "AppsFlyer's revenue macro in click_id", template: "\(base)&click_id={event_revenue}",
            code: .wrongClickMacro, parameter: "click_id", fix: "{clickid}"),
        // &amp; copied from an HTML page.
        Mistake(
            name: "&amp; copied from HTML", template: "\(base)&amp;click_id={clickid}", code: .htmlEntity,
            fix: "'&amp;' with '&'"),
        // Parameter name changed, or name and macro swapped.
        Mistake(
            name: "clickid", template: "\(base)&clickid={clickid}", code: .renamedParameter, parameter: "clickid",
            fix: "rename 'clickid' to 'click_id'"),
        Mistake(
            name: "click-id", template: "\(base)&click-id={clickid}", code: .renamedParameter, parameter: "click-id",
            fix: "'click_id'"),
        Mistake(
            name: "ClickID", template: "\(base)&ClickID={clickid}", code: .renamedParameter, parameter: "ClickID",
            fix: "'click_id'"),
        Mistake(
            name: "Campaign_ID",
            template: "https://clickwall.net/postback/advertiser?Campaign_ID=1234&click_id={clickid}",
            code: .renamedParameter, parameter: "Campaign_ID", fix: "'campaign_id'"),
        Mistake(
            name: "Payout", template: "\(base)&click_id={clickid}&Payout=1.00", code: .renamedParameter,
            parameter: "Payout", fix: "'payout'"),
        Mistake(
            name: "name and macro swapped", template: "\(base)&{clickid}=click_id", code: .swappedParameter,
            parameter: "{clickid}", fix: "click_id={clickid}"),
        // Double or wrong encoding; unencoded & or spaces in values.
        Mistake(
            name: "double encoding (%257B)", template: "\(base)&click_id=%257Bclickid%257D", code: .doubleEncoded,
            parameter: "click_id", fix: "once"),
        Mistake(
            name: "an unencoded & inside a value", template: "\(base)&click_id={clickid}&sub1=tom&jerry",
            code: .bareParameter, parameter: "jerry", fix: "%26"),
        Mistake(
            name: "a space in a value", template: "\(base)&click_id={clickid}&sub1=summer sale", code: .whitespace,
            parameter: "sub1", fix: "%20"),
        Mistake(
            name: "whitespace around the URL", template: "  \(base)&click_id={clickid} ", code: .whitespace,
            fix: "remove"),
        Mistake(
            name: "a line break", template: "\(base)\n&click_id={clickid}", code: .lineBreak, fix: "one line"),
        // Required parameters present; values ClickWall refuses.
        Mistake(
            name: "click_id missing", template: base, code: .missingParameter, parameter: "click_id",
            fix: "&click_id={clickid}"),
        Mistake(
            name: "campaign_id missing", template: "https://clickwall.net/postback/advertiser?click_id={clickid}",
            code: .missingParameter, parameter: "campaign_id", fix: "campaign_id="),
        Mistake(
            name: "click_id empty", template: "\(base)&click_id=", code: .emptyValue, parameter: "click_id",
            fix: "{clickid}"),
        Mistake(
            name: "campaign_id holds a macro",
            template: "https://clickwall.net/postback/advertiser?campaign_id={campaign_id}&click_id={clickid}",
            code: .campaignMacro, parameter: "campaign_id", fix: "campaign id from ClickWall's dashboard"),
        Mistake(
            name: "a payout with a comma", template: "\(base)&click_id={clickid}&payout=1,50", code: .invalidValue,
            parameter: "payout", fix: "1.50"),
        Mistake(
            name: "a currency that is not ISO 4217", template: "\(base)&click_id={clickid}&currency=usd",
            code: .invalidValue, parameter: "currency", fix: "USD"),
        Mistake(
            name: "a parameter twice", template: "\(base)&click_id={clickid}&campaign_id=1234",
            code: .repeatedParameter, parameter: "campaign_id", fix: "keep one"),
        // The URL itself: scheme, host, path.
        Mistake(
            name: "http instead of https",
            template: "http://clickwall.net/postback/advertiser?campaign_id=1234&click_id={clickid}",
            code: .insecureScheme, fix: "https://"),
        Mistake(
            name: "no scheme", template: "clickwall.net/postback/advertiser?campaign_id=1234&click_id={clickid}",
            code: .missingScheme, fix: "https://"),
        Mistake(
            name: "another host",
            template: "https://clickwall.com/postback/advertiser?campaign_id=1234&click_id={clickid}",
            code: .wrongHost, fix: "clickwall.net"),
        Mistake(
            name: "a port ClickWall does not listen on",
            template: "https://clickwall.net:8443/postback/advertiser?campaign_id=1234&click_id={clickid}",
            code: .wrongPort, fix: "remove ':8443'"),
        Mistake(
            name: "a loopback address instead of ClickWall's host",
            template: "https://127.0.0.1/postback/advertiser?campaign_id=1234&click_id={clickid}",
            code: .wrongHost, fix: "clickwall.net"),
        Mistake(
            name: "another path", template: "https://clickwall.net/postback?campaign_id=1234&click_id={clickid}",
            code: .wrongPath, fix: "/postback/advertiser"),
        Mistake(
            name: "a trailing slash on the path",
            template: "https://clickwall.net/postback/advertiser/?campaign_id=1234&click_id={clickid}",
            code: .wrongPath, fix: "/postback/advertiser"),
        Mistake(
            name: "a fragment", template: "\(base)#&click_id={clickid}", code: .fragment, fix: "%23"),
        Mistake(
            name: "a second question mark", template: "\(base)?click_id={clickid}", code: .secondQuestionMark,
            fix: "'&'"),
        Mistake(
            name: "the whole URL encoded",
            template:
                "https%3A%2F%2Fclickwall.net%2Fpostback%2Fadvertiser%3Fcampaign_id%3D1234%26click_id%3D%7Bclickid%7D",
            code: .encodedURL, fix: "decoded once"),
    ]

    @Test("each mistake is found, named and given a fix", arguments: mistakes)
    func mistake(_ mistake: Mistake) throws {
        let findings = TemplateLint(profile: mistake.profile, campaignID: "1234").findings(in: mistake.template)
        let finding = try #require(
            findings.first { $0.code == mistake.code }, "findings: \(findings.map(\.code.rawValue))")
        #expect(finding.severity == .error)
        if let parameter = mistake.parameter { #expect(finding.parameter == parameter) }
        #expect(finding.fix.contains(mistake.fix), "fix: \(finding.fix)")
        #expect(!finding.problem.isEmpty)
    }

    @Test("a campaign id other than --campaign is a mismatch")
    func campaignMismatch() throws {
        let template = "https://clickwall.net/postback/advertiser?campaign_id=1243&click_id={clickid}"
        let findings = TemplateLint(profile: .appsFlyer, campaignID: "1234").findings(in: template)
        #expect(findings.map(\.code) == [.campaignMismatch])
        #expect(findings.first?.fix == "write campaign_id=1234.")
        #expect(TemplateLint(profile: .appsFlyer).findings(in: template).isEmpty, "without --campaign it is not known")
    }

    @Test("a macro the tracker does not know in an extra parameter is a warning, not an error")
    func unknownMacroInExtra() throws {
        let findings = TemplateLint(profile: .appsFlyer).findings(in: "\(Self.base)&click_id={clickid}&sub1={sub1}")
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.code == .unknownMacro)
        #expect(finding.severity == .warning)
        #expect(finding.parameter == "sub1")
    }

    @Test("&amp; is reported once, not again as a renamed parameter")
    func entityOnce() {
        #expect(codes("\(Self.base)&amp;click_id={clickid}") == [.htmlEntity])
    }

    @Test("a custom profile's own click macro is the right one")
    func customProfile() {
        let keitaro = TrackerProfile(
            name: "keitaro", macros: ["external_id": .clickID, "subid": .trackerClickID], clickParameter: "external_id")
        #expect(codes("\(Self.base)&click_id={external_id}", tracker: keitaro).isEmpty)
        let findings = TemplateLint(profile: keitaro).findings(in: "\(Self.base)&click_id={subid}")
        #expect(findings.map(\.code) == [.wrongClickMacro])
        #expect(findings.first?.fix.contains("{external_id}") == true)
    }
}

/// A tracker that splits its field into several URLs (Prosper202 at spaces) is linted URL by URL.
struct SplitFieldLintTests {
    static let prosper = TrackerProfile.known(named: "prosper202")!
    static let url = "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id=[[c1]]"

    @Test(
        arguments: [
            // One URL, spaces around it: the empty pieces are dropped, nothing to report.
            ("  \(url) ", [LintCode]()),
            // Two URLs: a warning, and the second one's own finding (two postbacks, one port wrong).
            ("\(url) \(url.replacing("clickwall.net", with: "clickwall.net:8443"))", [.splitField, .wrongPort]),
            // A stray space: the second piece is no URL, one error and nothing that follows from it.
            ("\(url)&note=a b", [.splitField]),
        ])
    func eachURLOnItsOwn(field: String, codes: [LintCode]) {
        let findings = TemplateLint(profile: Self.prosper, campaignID: "1234").findings(in: field)
        #expect(findings.map(\.code) == codes)
        #expect(findings.dropFirst().allSatisfy { $0.problem.hasPrefix("in URL 2 of 2: ") })
    }

    @Test("a stray space inside one URL: one error naming its column, the URL linted without it")
    func straySpace() throws {
        let field = "https://clickwall.net/postback/advertiser?campaign_id=1234& click_id=[[c1]]&payout=[[payout]]"
        let findings = TemplateLint(profile: Self.prosper, campaignID: "1234").findings(in: field)
        let finding = try #require(findings.first)
        #expect(findings.count == 1, "\(findings.map(\.problem))")
        #expect(finding.code == .splitField && finding.severity == .error)
        #expect(finding.problem.hasPrefix("a space at column 60 splits the URL: Prosper202 sends two requests"))
        #expect(finding.fix == "remove the space at column 60.")
        // Still linted as one URL: a real mistake after the space is reported.
        let wrong = TemplateLint(profile: Self.prosper).findings(in: field.replacing("[[c1]]", with: "[[c9]]"))
        #expect(wrong.map(\.code) == [.splitField, .unknownMacro])
    }

    @Test("a URL of another host beside ClickWall's: noted as not checked, ClickWall's rules on ClickWall's only")
    func otherHostNotChecked() throws {
        let field = "\(Self.url) https://tracker.example/pixel?sid=[[subid]]"
        let findings = TemplateLint(profile: Self.prosper).findings(in: field)
        let finding = try #require(findings.first)
        #expect(findings.count == 1, "\(findings.map(\.problem))")
        #expect(finding.severity == .warning)
        #expect(
            finding.problem.contains("2. 'https://tracker.example/pixel?sid=[[subid]]' (not ClickWall's: not checked)"))
        // With no ClickWall URL at all, every URL is checked.
        let none = TemplateLint(profile: Self.prosper).findings(in: "https://a.example/x https://b.example/y")
        #expect(none.contains { $0.code == .wrongHost })
    }

    @Test func aTrackerThatDoesNotSplitReportsTheSpace() {
        let codes = TemplateLint(profile: .voluum).findings(in: "\(Self.url)&note=a b").map(\.code)
        #expect(codes.first == .whitespace)
        #expect(!codes.contains(.splitField))
    }
}

/// What `check --type` and `--status` tell the lint: the campaign's needs beyond the two ids.
struct CampaignNeedsLintTests {
    static let url = "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id={externalid}"

    @Test(
        "a parameter the campaign needs is an error when absent, none when present or for other campaigns",
        arguments: [
            (CampaignType.cps, nil, "", ["amount"]),
            (.cps, nil, "&amount={payout}", []),
            (.cpa, nil, "", ["event"]),
            (.cpa, nil, "&event={conversion.type}", []),
            (.cpi, nil, "", []),
            (.cpl, ConversionStatus.declined, "", ["status"]),
            (.cpi, .pending, "&status=pending", []),
            // Approved is what ClickWall records without a status: nothing is lost.
            (.cpi, .approved, "", []),
            (.cps, .declined, "", ["amount", "status"]),
        ] as [(CampaignType, ConversionStatus?, String, [String])])
    func needs(type: CampaignType, status: ConversionStatus?, parameters: String, missing: [String]) {
        let findings = TemplateLint(profile: .voluum, campaignType: type, status: status)
            .findings(in: Self.url + parameters)
        #expect(findings.map(\.parameter) == missing)
        #expect(findings.allSatisfy { $0.code == .missingParameter && $0.severity == .error })
    }

    @Test("the fix is the tracker's macro of that kind, or its own way to send ClickWall's words")
    func fixes() throws {
        let amount = try #require(
            TemplateLint(profile: .voluum, campaignType: .cps).findings(in: Self.url).first)
        #expect(amount.problem.contains("a cps campaign needs the sale amount"))
        #expect(amount.fix.contains("{payout}"))
        let keitaro = try #require(TrackerProfile.shipped(named: "keitaro"))
        let status = try #require(
            TemplateLint(profile: keitaro, status: .declined)
                .findings(in: "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id={external_id}")
                .first)
        #expect(status.problem.contains("a declined conversion is counted and paid as approved"))
        #expect(status.fix.contains("{status:lead=pending"))
    }
}
