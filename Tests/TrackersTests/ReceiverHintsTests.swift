import Foundation
import PostbackCore
import PostbackTesting
import Testing
import Trackers

/// The table of trackers the top level gives the receiver (`TrackerProfile.receiverHints`) agrees
/// with the catalogue, and a real receiver judging with it names the sending tracker's macros in
/// rule 3's advice when it can tell the tracker apart, and stays neutral otherwise.
@Suite(.timeLimit(.minutes(1)))
struct ReceiverHintsTests {
    static let profiles: [TrackerProfile] = TrackerProfile.knownNames.compactMap(TrackerProfile.known(named:))

    @Test("every hint's click-id macro is the profile's catalogued click-id macro in its documented form")
    func hintsAgreeWithTheCatalogue() throws {
        let hints = TrackerProfile.receiverHints
        // Adjust's callback carries ClickWall's own {click_id}: it has no click-id macro of its own.
        #expect(hints.count == Self.profiles.filter { !$0.capturesCallbacks }.count)
        for profile in Self.profiles where !profile.capturesCallbacks {
            let hint = try #require(profile.receiverHint, "\(profile.name)")
            let entry = try #require(profile.catalogue.first { $0.form == hint.clickIDMacro }, "\(profile.name)")
            #expect(entry.value == .clickID)
            #expect(hint.displayName == profile.displayName ?? profile.name)
            #expect(hint.clickParameter == profile.clickParameter)
            #expect(hint.syntaxes == Set(profile.macroSyntaxes))
            // Its User-Agent's product token: `Postback202-Bot` of `Mozilla/5.0 Postback202-Bot v1.8`.
            #expect(hint.userAgent.map { profile.userAgent?.contains($0) == true && !$0.hasPrefix("Mozilla") } ?? true)
            #expect((hint.userAgent == nil) == (profile.userAgent == nil))
        }
    }

    @Test("a macro syntax only one tracker fills tells that tracker apart; a shared one tells none")
    func syntaxesTellTrackersApart() {
        let hints = TrackerProfile.receiverHints
        for syntax in MacroSyntax.allCases {
            let users = Set(hints.filter { $0.syntaxes.contains(syntax) }.map(\.displayName))
            let macro = MacroDetector.firstMacro(in: syntax.render("zz"))
            let sender = macro.flatMap { hints.sender(userAgent: nil, macro: $0) }
            #expect(sender?.displayName == (users.count == 1 ? users.first : nil), "\(syntax.render("x"))")
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var profile: String
        var template: String
        var says: String
        /// The User-Agent sent instead of the profile's.
        var userAgent: String?
        /// Whether the profile fills the template, as the tracker does; `false` sends it as written.
        var filled = true
        var testDescription: String { "\(profile): \(says.prefix(40))" }
    }

    static let cases: [Case] = [
        // Prosper202 is told apart by its User-Agent (and its [[x]] syntax): not Keitaro's {subid} advice.
        .init(
            profile: "prosper202",
            template: "https://clickwall.net/postback/advertiser?campaign_id=88&click_id=[[sub_id]]",
            says: "Prosper202 (the sender) did not fill it — use [[c1]], which Prosper202 fills"),
        .init(
            profile: "appsflyer", template: "https://clickwall.net/postback/advertiser?campaign_id=88&click_id=(gaid)",
            says: "AppsFlyer (the sender) did not fill it — use {clickid}"),
        // A macro in a syntax the sender does not fill: the syntax is the mistake, not a missing click id.
        .init(
            profile: "prosper202",
            template: "https://clickwall.net/postback/advertiser?campaign_id=88&click_id=%%C1%%",
            says: "Prosper202 (the sender) fills no macro written that way and sent it as it is — write [[c1]]"),
        // Prosper202 sends an empty value for a token it has no value for: its own [[c1]] arriving as
        // written never went through its replacement. The bare product token is enough to tell it.
        .init(
            profile: "prosper202",
            template: "https://clickwall.net/postback/advertiser?campaign_id=88&click_id=[[c1]]",
            says: "Prosper202 (the sender) sends an empty value when it has no click id, so this URL never went "
                + "through its macro replacement",
            userAgent: "Postback202-Bot", filled: false),
        // Keitaro sends no User-Agent and shares {x} with many: the advice stays neutral.
        .init(
            profile: "keitaro", template: "https://clickwall.net/postback/advertiser?campaign_id=88&click_id={sub9}",
            says: "the tracker did not fill it — use the macro your tracker fills with the click id ClickWall passed"),
    ]

    @Test(arguments: cases)
    func theReceiverNamesTheSendersMacros(_ item: Case) async throws {
        var profile = try #require(TrackerProfile.known(named: item.profile))
        if let userAgent = item.userAgent { profile.userAgent = userAgent }
        let logged = try await withWireReceiver(rules: PostbackRules(trackerHints: TrackerProfile.receiverHints)) {
            wire in
            _ = try await wire.click(
                campaignID: "88",
                campaignJSON:
                    #"{"status": "active", "type": "cpi", "payout": "1.00", "tracking_link": "https://t.example/"}"#)
            let url =
                item.filled
                ? profile.fill(template: item.template, values: ConversionValues(clickID: "x")) : item.template
            let attempts = await wire.sender.send(url, profile: profile)
            #expect(attempts.last?.status == 400)
            let entry = try #require(try await wire.log(campaignID: "88").first)
            return (entry["reason"] as? String ?? "", entry["message"] as? String ?? "")
        }
        #expect(logged.0 == "unsubstituted_macro")
        #expect(logged.1.contains(item.says), "\(logged.1)")
    }
}
