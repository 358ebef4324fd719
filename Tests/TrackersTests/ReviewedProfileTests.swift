import Foundation
import PostbackCore
import Testing
import Trackers

/// What a reviewer found trying the shipped profiles as a new user, each checked against the
/// vendor's page or source (docs/trackers.md) and, where it shows on the wire, through a real
/// receiver and libcurl.
@Suite(.timeLimit(.minutes(1)))
struct ReviewedProfileTests {
    static let bemob = TrackerProfile.known(named: "bemob")!
    static let base = "https://clickwall.net/postback/advertiser?campaign_id=1234"

    func findings(_ profile: TrackerProfile, _ query: String) -> [LintFinding] {
        TemplateLint(profile: profile).findings(in: Self.base + query)
    }

    @Test("BeMob's {status} sends new/confirm/decline: refused, with BeMob's fix (a fixed status=approved)")
    func bemobStatusRefused() throws {
        let found = findings(Self.bemob, "&click_id={externalId}&status={status}")
        let finding = try #require(found.first { $0.code == .refusedVocabulary })
        #expect(finding.severity == .error)
        #expect(finding.problem.contains("sends new, confirm, decline"), "\(finding.problem)")
        #expect(finding.fix.contains("fixed status=approved"), "\(finding.fix)")
        #expect(findings(Self.bemob, "&click_id={externalId}&status=approved").isEmpty)
    }

    @Test(
        "Binom's {cnv_status} passes on the network's word: a warning pointing to Status-Postback Relation",
        arguments: ["binom", "binom-half"])
    func binomStatusWarned(_ name: String) throws {
        let profile = try #require(TrackerProfile.known(named: name))
        let found = findings(profile, "&click_id={externalid}&status={cnv_status}")
        let finding = try #require(found.first { $0.code == .refusedVocabulary })
        #expect(finding.severity == .warning)
        #expect(finding.problem.contains("'{cnv_status}' passes on words it does not fix itself"), "\(finding.problem)")
        #expect(finding.fix.contains("Status-Postback Relation"))
        #expect(finding.fix.contains("Hold"))
    }

    @Test(
        "BeMob fills {status} with its word and {payout} with 0 for a new or declined conversion",
        arguments: [("pending", "new", "0"), ("approved", "confirm", "2.50"), ("declined", "decline", "0")])
    func bemobFill(_ status: String, _ word: String, _ payout: String) {
        let url = Self.bemob.fill(
            template: Self.base + "&click_id={externalId}&status={status}&payout={payout}",
            values: ConversionValues(clickID: "c1", payout: "2.50", status: status))
        #expect(url == Self.base + "&click_id=c1&status=\(word)&payout=\(payout)")
    }

    @Test("on the wire: BeMob's {status} arrives as 'confirm' and ClickWall refuses it")
    func bemobStatusOnWire() async throws {
        let profile = Self.bemob
        let (sent, result, reason) = try await withWireReceiver { wire in
            let (location, _) = try await wire.click(
                campaignID: "5101",
                campaignJSON:
                    "{\"status\": \"active\", \"type\": \"cpi\", \"payout\": \"1.00\", \"tracking_link\": \"https://b.example/?externalid={click_id}\"}"
            )
            let captured = profile.capture(fromTrackingURL: location)
            let url = profile.fill(
                template:
                    "https://clickwall.net/postback/advertiser?campaign_id=5101&click_id={externalId}&status={status}",
                values: ConversionValues(clickID: captured.clickID, status: "approved"))
            _ = await wire.sender.send(url, profile: profile)
            let entry = try #require(try await wire.log(campaignID: "5101").first)
            return (
                URLQuery.value(of: "status", in: entry["url"] as? String ?? ""), entry["result"] as? String,
                entry["reason"] as? String
            )
        }
        #expect(sent == "confirm")
        #expect(result == "rejected")
        #expect(reason == "invalid_parameter")
    }
}

/// Prosper202's pixel tokens as `tracking202/static/gpb.php` fills them (read at ceec1eea).
@Suite
struct Prosper202TokenTests {
    static let prosper = TrackerProfile.known(named: "prosper202")!
    static let base = "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id=[[c1]]"

    @Test("every token gpb.php fills is known to check", arguments: ["random", "cpc", "cpc2", "referer", "referrer"])
    func known(_ token: String) {
        let found = TemplateLint(profile: Self.prosper).findings(in: Self.base + "&sub=[[\(token)]]")
        #expect(found.isEmpty, "\(found.map(\.problem))")
    }

    @Test("[[random]] is a 7-digit number, right in txid")
    func random() throws {
        #expect(TemplateLint(profile: Self.prosper).findings(in: Self.base + "&txid=[[random]]").isEmpty)
        let url = Self.prosper.fill(template: "[[random]]", values: ConversionValues(clickID: "abc"))
        #expect(url.count == 7 && url.allSatisfy(\.isNumber), "\(url)")
    }
}

/// `wrong_macro_kind` fixes name only macros of the kind the parameter needs, in the tracker's
/// terms: the tracker's own change where its macro has a vocabulary, else a fixed value.
@Suite
struct WrongKindFixTests {
    static let base = "https://clickwall.net/postback/advertiser?campaign_id=1234"

    @Test(
        "the fix names only matching macros, the vocabulary's change, or says there is none",
        arguments: [
            (
                "prosper202", "&click_id=[[c1]]&status=[[c3]]",
                "Prosper202 has no status macro: write a fixed value (status=approved) or remove the parameter.",
                "is filled with the value the tracking link passed in 'c3' at the click"
            ),
            (
                "bemob", "&click_id={externalId}&txid={payout}",
                "BeMob has no transaction id macro: remove the parameter",
                "but 'txid' needs a transaction id."
            ),
            (
                "keitaro", "&click_id={external_id}&status={subid}",
                "use Keitaro's status mapping placeholder so that it sends ClickWall's words: "
                    + "status={status:lead=pending sale=approved rejected=declined}.",
                "but 'status' needs a status:"
            ),
            (
                "binom", "&click_id={externalid}&payout={clickid}", "use {payout}, which Binom fills with money",
                "needs money"
            ),
        ])
    func fixes(_ name: String, _ query: String, _ fix: String, _ problem: String) throws {
        let profile = try #require(TrackerProfile.known(named: name))
        let found = TemplateLint(profile: profile).findings(in: Self.base + query)
        let finding = try #require(found.first { $0.code == .wrongMacroKind }, "\(found.map(\.problem))")
        #expect(finding.fix.hasPrefix(fix), "\(finding.fix)")
        #expect(finding.problem.contains(problem), "\(finding.problem)")
        #expect(!finding.problem.contains("the the "))
    }
}

/// BeMob's click-id token as its two documentation sites write it.
@Suite
struct BeMobExternalIDTests {
    @Test(
        "{externalId} (docs.bemob.com) and {externalID} (help.bemob.com) are both BeMob's click id",
        arguments: ["{externalId}", "{externalID}"])
    func bothForms(_ macro: String) throws {
        let profile = try #require(TrackerProfile.known(named: "bemob"))
        let template = "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id=\(macro)"
        let found = TemplateLint(profile: profile).findings(in: template)
        #expect(found.isEmpty, "\(found.map(\.problem))")
        #expect(profile.fill(template: template, values: ConversionValues(clickID: "abc")).hasSuffix("click_id=abc"))
        #expect(!profile.caseInsensitiveMacros)
        #expect(TemplateLint(profile: profile).clickMacros == ["{externalId}", "{externalID}"])
    }
}
