import Foundation
import PostbackCore
import Testing
import Trackers

/// What trackers put in status, event and money fields (docs/trackers.md "Vocabularies"): `check`
/// reports words ClickWall refuses with the tracker's own fix, and the simulator sends the
/// tracker's words on the wire, so the receiver gives the verdict the real tracker would get.
@Suite(.timeLimit(.minutes(1)))
struct VocabularyTests {
    static let keitaro = TrackerProfile.known(named: "keitaro")!
    static let base = "https://clickwall.net/postback/advertiser?campaign_id=1234"

    func findings(_ profile: TrackerProfile, _ query: String) -> [LintFinding] {
        TemplateLint(profile: profile).findings(in: Self.base + query)
    }

    @Test("Keitaro's {status} sends lead/sale/rejected: an error whose fix is Keitaro's status mapping")
    func keitaroStatusRefused() throws {
        let found = findings(Self.keitaro, "&click_id={external_id}&status={status}")
        let finding = try #require(found.first { $0.code == .refusedVocabulary })
        #expect(finding.severity == .error)
        #expect(finding.problem.contains("lead, sale, rejected"))
        #expect(finding.fix.contains("{status:lead=pending sale=approved rejected=declined}"))
    }

    @Test("Keitaro's status mapping placeholder is clean, spaces and all")
    func keitaroMappingClean() {
        let found = findings(
            Self.keitaro, "&click_id={external_id}&status={status:lead=pending sale=approved rejected=declined}")
        #expect(found.isEmpty, "\(found.map(\.problem))")
    }

    @Test("a mapping that leaves a word unmapped is still refused")
    func keitaroPartialMapping() {
        let found = findings(Self.keitaro, "&click_id={external_id}&status={status:lead=pending sale=approved}")
        #expect(found.contains { $0.code == .refusedVocabulary && $0.problem.contains("rejected") })
    }

    @Test("Adjust's {event} is the token: an error with Adjust's fix")
    func adjustEventToken() throws {
        let found = findings(.adjust, "&click_id={click_id}&event={event}")
        let finding = try #require(found.first { $0.code == .wrongMacroKind })
        #expect(finding.problem.contains("'{event}'"))
        #expect(finding.fix.contains("event_callback_<token>"))
        #expect(!findings(.adjust, "&click_id={click_id}&event={event_name}").contains { $0.code == .wrongMacroKind })
    }

    @Test("a documented revenue macro in payout is money: no error", arguments: ["(event_revenue)", "{event_revenue}"])
    func revenueInPayout(_ macro: String) {
        let found = findings(.appsFlyer, "&click_id={clickid}&payout=\(macro)")
        #expect(found.isEmpty, "\(found.map(\.problem))")
    }

    @Test("a device id in payout is an error whose fix offers AppsFlyer's money macros in their documented form")
    func deviceIDInPayout() throws {
        let found = findings(.appsFlyer, "&click_id={clickid}&payout=(idfa)")
        let finding = try #require(found.first { $0.code == .wrongMacroKind })
        #expect(finding.fix.hasPrefix("use (event_revenue), (event_revenue_USD)"), "\(finding.fix)")
    }

    @Test("an unknown macro's fix ranks what the parameter needs first, in the tracker's documented form")
    func rankedSuggestions() throws {
        let payout = try #require(findings(.appsFlyer, "&click_id={clickid}&payout={xyzzy}").first)
        #expect(
            payout.fix.hasPrefix("use a macro AppsFlyer fills ((event_revenue), (event_revenue_USD))"), "\(payout.fix)")
        #expect(!payout.fix.contains("idfa"))
        let click = try #require(findings(.appsFlyer, "&click_id={xyzzy}").first)
        #expect(click.fix.contains("{clickid}"), "\(click.fix)")
    }

    /// Sends Keitaro's fill of `status` for an approved conversion and returns what the receiver
    /// logged: the status parameter as sent and the verdict.
    func sendKeitaro(status: String) async throws -> (sent: String, result: String, reason: String?) {
        try await withWireReceiver { wire in
            let (location, _) = try await wire.click(
                campaignID: "5001",
                campaignJSON:
                    "{\"status\": \"active\", \"type\": \"cpi\", \"payout\": \"1.00\", \"tracking_link\": \"https://k.example/?external_id={click_id}\"}"
            )
            let captured = Self.keitaro.capture(fromTrackingURL: location)
            let template =
                "https://clickwall.net/postback/advertiser?campaign_id=5001&click_id={external_id}&status=\(status)"
            let url = Self.keitaro.fill(
                template: template, values: ConversionValues(clickID: captured.clickID, status: "approved"))
            _ = await wire.sender.send(url, profile: Self.keitaro)
            let entry = try #require(try await wire.log(campaignID: "5001").first)
            let target = entry["url"] as? String ?? ""
            return (
                URLQuery.value(of: "status", in: target) ?? "", entry["result"] as? String ?? "",
                entry["reason"] as? String
            )
        }
    }

    @Test("on the wire: Keitaro's raw {status} sends 'sale' and ClickWall refuses it")
    func keitaroRawOnWire() async throws {
        let sent = try await sendKeitaro(status: "{status}")
        #expect(sent.sent == "sale")
        #expect(sent.result == "rejected")
        #expect(sent.reason == "invalid_parameter")
    }

    @Test("on the wire: Keitaro's mapping sends 'approved' and ClickWall accepts it")
    func keitaroMappedOnWire() async throws {
        let sent = try await sendKeitaro(status: "{status:lead=pending sale=approved rejected=declined}")
        #expect(sent.sent == "approved")
        #expect(sent.result == "accepted")
    }
}

/// Profile-format extensions, each shown on the wire.
@Suite(.timeLimit(.minutes(1)))
struct ProfileFormatTests {
    @Test("case_insensitive_macros: [[C2]] is filled as [[c2]], as Prosper202 does; without it, sent as written")
    func caseInsensitiveMacros() async throws {
        let yaml = """
            name: prosper
            syntax: ["[[x]]"]
            click_param: c2
            case_insensitive_macros: true
            macros: {c2: click_id}
            """
        let profile = try TrackerProfileLoader.load(yaml: yaml, file: "p.yaml").get()
        var strict = profile
        strict.caseInsensitiveMacros = false
        let template = "https://clickwall.net/postback/advertiser?campaign_id=9001&click_id=[[C2]]"
        #expect(TemplateLint(profile: profile).findings(in: template).isEmpty)
        #expect(TemplateLint(profile: strict).findings(in: template).contains { $0.code == .unknownMacro })
        let sent = try await withWireReceiver { wire in
            let (_, clickID) = try await wire.click(
                campaignID: "9001",
                campaignJSON:
                    "{\"status\": \"active\", \"type\": \"cpi\", \"payout\": \"1.00\", \"tracking_link\": \"https://p.example/?c2={click_id}\"}"
            )
            _ = await wire.sender.send(
                profile.fill(template: template, values: ConversionValues(clickID: clickID)), profile: profile)
            let entry = try #require(try await wire.log(campaignID: "9001").first)
            return (entry["url"] as? String ?? "", entry["result"] as? String ?? "", clickID)
        }
        #expect(sent.0 == "/postback/advertiser?campaign_id=9001&click_id=\(sent.2)")
        #expect(sent.1 == "accepted")
    }
}
