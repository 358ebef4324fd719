import Foundation
import PostbackCore
import PostbackTesting
import Testing
import Trackers

/// One corpus — every postback template in `fixtures/`, `scenarios/`, `README.md` and
/// `docs/*.md`, read from the files at run time, plus edge cases — through rule 3 and the lint's
/// macro detection (``MacroDetector``) and through template filling (``MacroTemplate``,
/// ``TrackerProfile/fill(template:values:)``): they agree on which macros each template holds,
/// and ``PostbackURL`` splits each one the same way wherever a URL is read.
struct MacroCorpusTests {
    /// A template and what it holds: its macros' texts, and its host and port as written.
    struct Entry: Sendable, CustomTestStringConvertible {
        var template: String
        var origin: String
        var macros: [String]? = nil
        var host: String? = nil
        var port: String? = nil
        var testDescription: String { "\(origin): \(template)" }
    }

    static let base = "https://clickwall.net/postback/advertiser?campaign_id=1234"

    /// Edge cases, each stating the macros it holds.
    static let edgeCases: [Entry] = [
        .init(template: base + "&click_id={ click_id }", origin: "spaces in braces", macros: ["{ click_id }"]),
        .init(
            template: base + "&click_id={{ click_id }}", origin: "spaces in double braces", macros: ["{{ click_id }}"]),
        .init(template: base + "&click_id=%CLICK_ID%", origin: "%x%", macros: ["%CLICK_ID%"]),
        .init(template: base + "&click_id=%%CLICK_ID%%", origin: "%%X%%", macros: ["%%CLICK_ID%%"]),
        .init(template: base + "&click_id=[[click_id]]", origin: "[[x]]", macros: ["[[click_id]]"]),
        .init(template: base + "&click_id=[ORDER_ID]", origin: "[x]", macros: ["[ORDER_ID]"]),
        .init(template: base + "&click_id=${click_id}", origin: "${x}", macros: ["${click_id}"]),
        .init(template: base + "&click_id=${(click_id)!}", origin: "${(x)!}", macros: ["${(click_id)!}"]),
        .init(template: base + "&click_id={{click_id}}", origin: "{{x}}", macros: ["{{click_id}}"]),
        .init(template: base + "&click_id=__CLICK_ID__", origin: "__X__", macros: ["__CLICK_ID__"]),
        .init(
            template: base + "&click_id=#s2#&payout=#price#", origin: "#x# is not a fragment",
            macros: ["#s2#", "#price#"]),
        .init(template: base + "&click_id=(idfa)", origin: "(x)", macros: ["(idfa)"]),
        .init(template: base + "&click_id=%7Bclick_id%7D", origin: "%7Bx%7D", macros: ["%7Bclick_id%7D"]),
        .init(template: base + "&click_id=%5BCLICK_ID%5D", origin: "encoded [x] is filled by no tracker", macros: []),
        .init(
            template: base + "&click_id={clickid}&status={status:lead=pending sale=approved}",
            origin: "Keitaro's argument", macros: ["{clickid}", "{status:lead=pending sale=approved}"]),
        .init(template: base + "&q=%E2%82%AC&r=%20x%&s=50%", origin: "percent-encoding is no macro", macros: []),
        .init(
            template: base + "&sub=summer__sale__2024&n=(1)&m=[2]", origin: "no macro in words or numbers", macros: []),
        .init(
            template:
                "https://app.adjust.com/abc123?install_callback=https%3A%2F%2Fclickwall.net%2Fpostback%2Fadvertiser"
                + "%3Fcampaign_id%3D1234%26click_id%3D{click_id}%26payout%3D%7Brevenue%7D",
            origin: "nested encoded URL", macros: ["{click_id}", "%7Brevenue%7D"], host: "app.adjust.com"),
        .init(
            template: "https://[2001:db8::1]:8443/postback/advertiser?click_id={clickid}", origin: "IPv6 host and port",
            macros: ["{clickid}"], host: "[2001:db8::1]", port: "8443"),
        .init(
            template: "http://[::1]/postback/advertiser?click_id={clickid}", origin: "IPv6 host", macros: ["{clickid}"],
            host: "[::1]"),
        .init(
            template: "https://clickwall.net:443/postback/advertiser?click_id={clickid}#frag",
            origin: "port and fragment",
            macros: ["{clickid}"], host: "clickwall.net", port: "443"),
        .init(
            template: "https://user:pw@{domain}:{port}/postback/advertiser?click_id={clickid}", origin: "macro host",
            macros: ["{domain}", "{port}", "{clickid}"], host: "{domain}", port: "{port}"),
    ]

    /// Every `http(s)://…` and `/postback/advertiser?…` in the shipped files.
    static let shipped: [Entry] = {
        let root = PackageRoot.url
        var files: [URL] = [root.appendingPathComponent("README.md")]
        for folder in ["fixtures", "scenarios"] {
            let walker = FileManager.default.enumerator(
                at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let file = walker?.nextObject() as? URL { files.append(file) }
        }
        let docs =
            (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
        files += docs.filter { $0.hasSuffix(".md") }.map {
            root.appendingPathComponent("docs").appendingPathComponent($0)
        }
        let pattern = #/(?:https?://|/postback/advertiser\?)[^\s"'`<>|\\]+/#
        var seen: Set<String> = []
        var entries: [Entry] = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            guard let data = FileManager.default.contents(atPath: file.path),
                let text = String(data: data, encoding: .utf8)
            else { continue }
            let origin = String(file.path.dropFirst(root.path.count + 1))
            for match in text.matches(of: pattern) {
                let template = trimmed(String(match.output))
                guard template.contains("?"), seen.insert(template).inserted else { continue }
                entries.append(Entry(template: template, origin: origin))
            }
        }
        return entries
    }()

    /// A URL's text without the punctuation of the prose around it (a closing `)` it does not open).
    static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last {
            if ".,;:".contains(last) {
                text = text.dropLast()
            } else if last == ")", text.count(where: { $0 == "(" }) < text.count(where: { $0 == ")" }) {
                text = text.dropLast()
            } else {
                break
            }
        }
        return String(text)
    }

    /// The templates of the trackers' own (`postbacks` in a profile).
    static let profileTemplates: [Entry] = profiles.flatMap { profile in
        profile.postbacks.map { Entry(template: $0, origin: "profile \(profile.name)") }
    }

    static let corpus = edgeCases + shipped + profileTemplates

    /// Every tracker: the built-in ones and the profiles in `fixtures/trackers`.
    static let profiles: [TrackerProfile] = {
        let folder = PackageRoot.fixture("trackers")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let loaded = files.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { name in
            try? TrackerProfileLoader.load(path: folder.appendingPathComponent(name).path)
        }
        return TrackerProfile.builtInNames.compactMap(TrackerProfile.builtIn(named:)) + loaded
    }()

    /// A macro as both sides report it: text, name, syntax and where it starts.
    struct Found: Hashable, CustomStringConvertible {
        var text: String
        var name: String
        var syntax: MacroSyntax
        var offset: Int
        var description: String { "\(text)@\(offset)" }
    }

    /// What rule 3 and the lint detect: every macro, less those with percent-encoded delimiters
    /// other than `%7Bx%7D`, which no tracker fills (the lint reports them after decoding).
    static func detected(in template: String) -> [Found] {
        MacroDetector.macros(in: template).filter { !$0.isPercentEncoded || $0.syntax == .encodedBraces }.map {
            Found(
                text: $0.text, name: $0.name, syntax: $0.syntax,
                offset: template.utf8.distance(from: template.startIndex, to: $0.range.lowerBound))
        }
    }

    /// What a tracker that knows every syntax fills.
    static func filled(in template: String) -> [Found] {
        var offset = 0
        var found: [Found] = []
        for segment in MacroTemplate(template, syntaxes: MacroSyntax.allCases).segments {
            switch segment {
            case .text(let text): offset += text.utf8.count
            case .macro(let token):
                found.append(Found(text: token.text, name: token.name, syntax: token.syntax, offset: offset))
                offset += token.text.utf8.count
            }
        }
        return found
    }

    @Test func theCorpusHoldsEveryShippedTemplate() {
        #expect(Self.shipped.count > 100)
        #expect(
            Set(Self.shipped.map { $0.origin.split(separator: "/").first.map(String.init) ?? "" }).isSuperset(
                of: ["README.md", "docs", "fixtures", "scenarios"]))
        #expect(Self.profiles.count >= 10)
    }

    @Test(arguments: corpus)
    func lintAndFillingFindTheSameMacros(_ entry: Entry) {
        let detected = Self.detected(in: entry.template)
        #expect(detected == Self.filled(in: entry.template))
        if let expected = entry.macros { #expect(detected.map(\.text) == expected) }
    }

    @Test(arguments: corpus)
    func fillingEveryMacroLeavesNoneForRule3(_ entry: Entry) {
        // Digits never form a macro name, so a filled value cannot look like a macro.
        let filled = MacroTemplate(entry.template, syntaxes: MacroSyntax.allCases).render { _ in "1" }
        let left = MacroDetector.macros(in: filled).filter { !$0.isPercentEncoded || $0.syntax == .encodedBraces }
        #expect(left.map(\.text) == [])
    }

    @Test(arguments: corpus)
    func everyTrackerFillsExactlyTheMacrosItsLintSeesInItsSyntaxes(_ entry: Entry) {
        for profile in Self.profiles {
            let own = Set(profile.macroSyntaxes)
            let lint = MacroDetector.macros(in: entry.template, syntaxes: own, encodedDelimiters: false)
            let template = profile.macroTemplate(entry.template)
            #expect(template.macros.map(\.text) == lint.map(\.text), "\(profile.name)")
            #expect(template.render(\.text) == entry.template, "\(profile.name): text outside macros is kept")
        }
    }

    static let values = ConversionValues(
        clickID: "cw-1", campaignID: "1234", event: "purchase", payout: "1.50", amount: "9.99", currency: "EUR",
        txid: "tx-77", status: "approved", trackerEvent: "f0ob4r", unixTime: 1_767_225_600)

    /// The macro text of an `unknown_macro` finding ("… does not know '{x}' in 'p' …").
    static func unknownMacroText(_ finding: LintFinding) -> String? {
        guard finding.code == .unknownMacro, let start = finding.problem.range(of: "does not know '"),
            let end = finding.problem[start.upperBound...].range(of: "' in '")
        else { return nil }
        return String(finding.problem[start.upperBound..<end.lowerBound])
    }

    @Test(arguments: corpus)
    func whatTheLintCallsUnknownEveryTrackerSendsAsWritten(_ entry: Entry) {
        for profile in Self.profiles where profile.unknownMacro == .literal {
            let filled = profile.fill(template: entry.template, values: Self.values)
            let sent = PercentEncoding.decode(filled) ?? filled
            for finding in TemplateLint(profile: profile).findings(in: entry.template) {
                guard let macro = Self.unknownMacroText(finding) else { continue }
                #expect(sent.contains(macro), "\(profile.name) fills \(macro), which its lint calls unknown")
            }
        }
    }

    @Test(arguments: corpus)
    func aMacroRule3WouldRejectIsALintError(_ entry: Entry) {
        for profile in Self.profiles {
            // What the tracker sends: for Adjust, the callback after ClickWall filled `{click_id}`.
            guard
                let template = profile.clickedPostbacks(
                    entry.template, clickID: Self.values.clickID, trackerEvent: nil
                ).first
            else { continue }
            let filled = PostbackURL(profile.fill(template: template, values: Self.values))
            let findings = TemplateLint(profile: profile).findings(in: entry.template)
            for piece in filled.queryPieces {
                let name = PercentEncoding.decode(piece.name) ?? piece.name
                let value = piece.value.map { PercentEncoding.decode($0) ?? $0 } ?? ""
                guard PostbackRules.isUsedParameter(name), let macro = MacroDetector.firstMacro(in: value) else {
                    continue
                }
                #expect(
                    findings.contains { $0.severity == .error },
                    "\(profile.name) sends \(name)=\(macro.text), which rule 3 rejects, and its lint finds no error")
            }
        }
    }

    @Test(arguments: corpus)
    func theURLSplitsTheSameWayEverywhere(_ entry: Entry) {
        let url = PostbackURL(entry.template)
        let query = url.query.map { "?" + $0 } ?? ""
        #expect(url.base + query + (url.fragment.map { "#" + $0 } ?? "") == entry.template)
        #expect(url.replacingQuery(url.query) == entry.template)
        #expect(URLQuery.pairs(of: entry.template).map(\.name) == url.queryPieces.map(\.name))
        let parts = [url.host, url.port, url.path, url.query, url.fragment].compactMap { $0 }
        for macro in Self.detected(in: entry.template) {
            #expect(parts.contains { $0.contains(macro.text) }, "\(macro.text) is cut by the URL split")
        }
        if let host = entry.host { #expect(url.host == host) }
        if entry.port != nil || entry.host != nil { #expect(url.port == entry.port) }
        if let clickID = url.queryPieces.first(where: { $0.name == "click_id" })?.value, !clickID.isEmpty {
            #expect(
                ClickCapture(parameter: "click_id").clickID(fromTrackingURL: entry.template)
                    == (PercentEncoding.decode(clickID) ?? clickID))
        }
        let route = PostbackRoute(receiverHosts: [url.hostName ?? "-"], httpPort: 1, httpsPort: 2)
        if case .success(let connectTo) = route.connectTo(for: entry.template) {
            #expect(connectTo.hasPrefix((url.host ?? "") + ":\(url.effectivePort ?? 0):"))
        }
    }
}
