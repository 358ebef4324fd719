import Foundation
import PostbackCore
import Testing

/// Rule 3's advice in the sending tracker's terms when the request tells the tracker apart (its
/// User-Agent, a macro syntax only it uses), neutral otherwise.
struct TrackerHintTests {
    static let hints = [
        TrackerHint(
            displayName: "Prosper202", userAgent: "Postback202-Bot", syntaxes: [.doubleBrackets],
            clickIDMacro: "[[c1]]",
            clickParameter: "c1"),
        TrackerHint(
            displayName: "AppsFlyer", syntaxes: [.braces, .parentheses], clickIDMacro: "{clickid}",
            clickParameter: "clickid"),
        TrackerHint(displayName: "Keitaro", syntaxes: [.braces], clickIDMacro: "{external_id}", clickParameter: "sub1"),
        TrackerHint(
            displayName: "Binom", syntaxes: [.braces, .hashes], clickIDMacro: "{externalid}", clickParameter: "ext"),
        TrackerHint(
            displayName: "Binom", userAgent: "", syntaxes: [.braces, .hashes], clickIDMacro: "{externalid}",
            clickParameter: "ext"),
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var userAgent: String?
        var query: String
        var says: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        .init(
            label: "the User-Agent names the sender, before a guess from the macro's name",
            userAgent: "Mozilla/5.0 Postback202-Bot v1.8", query: "click_id=[[subid]]",
            says:
                "Prosper202 (the sender) did not fill it — use [[c1]], which Prosper202 fills with the click id ClickWall passed in 'c1' on the tracking link"
        ),
        .init(
            label: "a macro in a syntax the sender does not fill: the syntax is the mistake",
            userAgent: "Mozilla/5.0 Postback202-Bot v1.8", query: "click_id=%%C1%%",
            says:
                "Prosper202 (the sender) fills no macro written that way and sent it as it is — write [[c1]], which Prosper202 fills"
        ),
        .init(
            label: "the User-Agent's product token alone, in any case, names the sender",
            userAgent: "postback202-bot", query: "click_id={subid}",
            says: "Prosper202 (the sender) fills no macro written that way"),
        .init(
            label: "a syntax only one tracker uses names it", userAgent: nil, query: "click_id=[[C9]]",
            says: "Prosper202 (the sender) did not fill it — use [[c1]]"),
        .init(
            label: "the sender's own click-id macro left unfilled: the link did not pass the id", userAgent: nil,
            query: "click_id=[[C1]]",
            says:
                "Prosper202 (the sender) had no click id to fill it with — its tracking link must pass ClickWall's {click_id} in 'c1'"
        ),
        .init(
            label: "parentheses are AppsFlyer's", userAgent: "curl/8", query: "click_id=(idfa)",
            says: "AppsFlyer (the sender) did not fill it — use {clickid}"),
        .init(
            label: "ClickWall's placeholder sent by a known tracker names its macro", userAgent: nil,
            query: "click_id=[[click_id]]", says: "Prosper202 (the sender) did not fill it"),
        .init(
            label: "two trackers under one name still tell it apart", userAgent: nil, query: "click_id=#s2#",
            says: "Binom (the sender) did not fill it — use {externalid}"),
        .init(
            label: "a {x} macro many trackers use stays neutral", userAgent: nil, query: "click_id={sub}",
            says:
                "the tracker did not fill it — use the macro your tracker fills with the click id ClickWall passed on the tracking link (AppsFlyer {clickid}, Voluum {externalid}, Keitaro and Binom {external_id})"
        ),
        .init(
            label: "another parameter names the sender too", userAgent: nil, query: "click_id=a&payout=[[rev]]",
            says: "payout holds the unsubstituted macro '[[rev]]': Prosper202 (the sender) does not know that macro"),
        .init(
            label: "another parameter, sender unknown", userAgent: nil, query: "click_id=a&payout={rev}",
            says: "payout holds the unsubstituted macro '{rev}': the tracker does not know that macro"),
    ]

    @Test(arguments: cases)
    func adviceInTheSendersTerms(_ item: Case) throws {
        var request = Fixture.get("campaign_id=1&\(item.query)")
        request.userAgent = item.userAgent
        let rejection = try #require(PostbackRules(trackerHints: Self.hints).parse(request).failure)
        #expect(rejection.reason == .unsubstitutedMacro)
        #expect(rejection.message.contains(item.says), "\(rejection.message)")
    }

    @Test("a sender that sends an empty value for a missing click id never sent its own macro as written")
    func unreplacedURL() throws {
        var hint = Self.hints[0]
        hint.sendsEmptyWhenMissing = true
        let rejection = try #require(
            PostbackRules(trackerHints: [hint]).parse(Fixture.get("campaign_id=1&click_id=[[c1]]")).failure)
        #expect(
            rejection.message.contains(
                "Prosper202 (the sender) sends an empty value when it has no click id, so this URL never went through "
                    + "its macro replacement (sent by hand or by another tool)"), "\(rejection.message)")
    }

    @Test func withoutHintsTheAdviceIsNeutralWhateverTheUserAgent() throws {
        var request = Fixture.get("campaign_id=1&click_id=[[C9]]")
        request.userAgent = "Mozilla/5.0 Postback202-Bot v1.8"
        let rejection = try #require(PostbackRules().parse(request).failure)
        #expect(!rejection.message.contains("Prosper202"))
        #expect(rejection.message.contains("the tracker did not fill it"))
    }
}
