import Foundation
import PostbackCore
import PostbackTesting
import Testing
import Trackers

/// Every catalogued macro of every profile the binary carries: documented (a source page), known
/// to `check`, and filled by the simulator with a value of its meaning that reaches the receiver
/// on the wire exactly so.
@Suite(.timeLimit(.minutes(2)))
struct CatalogueTests {
    /// Built-in and shipped profiles, as the binary carries them.
    static let profiles: [TrackerProfile] = TrackerProfile.knownNames.compactMap(TrackerProfile.known(named:))

    /// One catalogued macro of one profile.
    struct Case: CustomTestStringConvertible, Sendable {
        let profile: TrackerProfile
        let entry: CatalogueEntry
        var testDescription: String { "\(profile.name) \(entry.form)" }
    }

    static let cases: [Case] = profiles.flatMap { profile in profile.catalogue.map { Case(profile: profile, entry: $0) }
    }

    static let values = ConversionValues(
        clickID: nil, campaignID: "1234", event: "purchase", payout: "1.50", amount: "9.99", currency: "EUR",
        txid: "tx-77", status: "approved", trackerEvent: "f0ob4r", unixTime: 1_767_225_600)

    /// Whether `value` is what `entry` should send for ``values`` and `clickID`.
    static func hasMeaning(_ value: String, _ entry: CatalogueEntry, profile: TrackerProfile, clickID: String) -> Bool {
        func matches(_ pattern: String) -> Bool { value.wholeMatch(of: try! Regex(pattern)) != nil }
        switch entry.value {
        case .clickID: return value == clickID
        case .trackerClickID: return matches("[0-9a-f]{16}") && value != clickID
        case .campaignID: return value == "1234"
        case .event: return value == "purchase"
        case .trackerEvent: return value == "f0ob4r"
        case .activityKind: return value == "event"
        case .deviceID: return matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
        case .unixTime: return value == "1767225600"
        case .dateTime: return value == "2026-01-01T00:00:00Z"
        case .ipAddress: return matches(#"198\.51\.100\.([1-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-4])"#)
        case .countryCode: return matches("[A-Z]{2}")
        case .payout: return value == profile.moneyFormat.format("1.50")
        case .amount: return value == profile.moneyFormat.format("9.99")
        case .currency: return value == "EUR"
        case .txid: return value == "tx-77"
        case .randomNumber: return matches("[1-9][0-9]{6}")
        case .status: return value == (profile.vocabularies[entry.name]?.word(for: "approved") ?? "approved")
        case .constant(let fixed): return value == fixed
        case .extra, .clickParameter: return value.isEmpty
        case .text(let name):
            return value == MacroValue.text(named: name, for: clickID) && matches("[A-Za-z0-9-]+-[0-9a-f]{8}")
        case .literal: return value == entry.form
        case .empty: return value.isEmpty
        }
    }

    @Test("every catalogued macro names the page that documents it", arguments: cases)
    func documented(_ item: Case) throws {
        let source = try #require(item.entry.source, "\(item.testDescription) has no source")
        #expect(source.hasPrefix("https://"), "\(source)")
    }

    @Test("check knows every catalogued macro in its documented form", arguments: cases)
    func knownToCheck(_ item: Case) {
        let click = TemplateLint(profile: item.profile).clickMacros.first ?? "{click_id}"
        let template =
            "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id=\(click)&x_value=\(item.entry.form)"
        let findings = TemplateLint(profile: item.profile).findings(in: template).filter { $0.parameter == "x_value" }
        #expect(findings.isEmpty, "\(findings.map(\.problem))")
    }

    @Test("the simulator fills every catalogued macro with a value of its meaning, on the wire", arguments: profiles)
    func filledOnTheWire(_ profile: TrackerProfile) async throws {
        let entries = profile.catalogue
        try await withWireReceiver { wire in
            let campaignID = "cat-\(profile.name)"
            let (_, clickID) = try await wire.click(
                campaignID: campaignID,
                campaignJSON:
                    "{\"status\": \"active\", \"type\": \"cpi\", \"payout\": \"1.00\", \"tracking_link\": \"https://t.example/?c={click_id}\"}"
            )
            var template = "https://clickwall.net/postback/advertiser?campaign_id=\(campaignID)&click_id=\(clickID)"
            for (index, entry) in entries.enumerated() { template += "&m\(index)=\(entry.form)" }
            var values = Self.values
            values.clickID = clickID
            let attempts = await wire.sender.send(profile.fill(template: template, values: values), profile: profile)
            #expect(attempts.last?.status == 200)
            let logged = try #require(try await wire.log(campaignID: campaignID).first)
            #expect(logged["result"] as? String == "accepted")
            // A POST profile (myTracker) sends the query as its form body.
            let body = logged["body"] as? String ?? ""
            let target = profile.method == .post ? "?" + body : try #require(logged["url"] as? String)
            let sent = Dictionary(
                URLQuery.pairs(of: target).map { ($0.name, PercentEncoding.decode($0.value) ?? $0.value) },
                uniquingKeysWith: { first, _ in first })
            for (index, entry) in entries.enumerated() {
                let value = try #require(sent["m\(index)"], "\(profile.name) \(entry.form) not sent")
                #expect(
                    Self.hasMeaning(value, entry, profile: profile, clickID: clickID),
                    "\(profile.name) \(entry.form) (\(entry.value.meaning)) sent '\(value)'")
            }
        }
    }

    @Test(
        "the shipped profiles the binary carries are the files in fixtures/trackers",
        arguments: TrackerProfile.shippedNames)
    func shippedEqualFiles(_ name: String) throws {
        let file = PackageRoot.url.appendingPathComponent("fixtures/trackers/\(name).yaml")
        let fromFile = try TrackerProfileLoader.load(path: file.path)
        #expect(TrackerProfile.shipped(named: name) == fromFile, "run scripts/embed-tracker-profiles")
    }

    @Test("every file in fixtures/trackers is shipped")
    func everyFileShipped() throws {
        let folder = PackageRoot.url.appendingPathComponent("fixtures/trackers")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(names == TrackerProfile.shippedNames)
    }
}
