import Foundation
import PostbackCore
import PostbackTesting
import Testing
import Trackers

@testable import Scenarios

struct ScenarioLoaderTests {
    @Test func fullScenarioLoadsEveryKey() throws {
        let path = PackageRoot.scenarioFixture("valid/full.yaml").path
        let scenario = try ScenarioLoader().load(path: path)
        #expect(scenario.name == "Everything at once")
        #expect(scenario.tags == ["full", "mapping"])
        #expect(scenario.file == path)
        #expect(scenario.timeScale == 0.0001)
        #expect(scenario.seed == 42)

        #expect(scenario.campaigns.count == 2)
        #expect(
            scenario.campaigns[0]
                == Campaign(
                    id: "1234", status: .active, type: .cpi, payout: Money("1.20")!,
                    trackingLink: "https://trk.example.voluum.com/abc?cw_click={click_id}"))
        #expect(
            scenario.campaigns[1]
                == Campaign(
                    id: "shop-7", status: .paused, type: .cps, payout: Money("0.5")!,
                    events: ["purchase": Money("2.50")!, "signup": .zero], token: "s3cret", conversionWindowDays: 7,
                    defaultConversionStatus: .pending, trackingLink: "https://t.example/k?external_id={click_id}",
                    dedup: .clickTxid))

        #expect(scenario.clicks.map(\.campaignID) == ["1234", "shop-7"])
        #expect(scenario.clicks.map(\.count) == [50, 10])
        #expect(scenario.clicks.map(\.age) == [nil, .seconds(40 * 86400)])
        #expect(scenario.clicks[1].location?.line == 19)

        let voluum = try #require(scenario.tracker(named: "voluum"))
        #expect(voluum.profile.name == "voluum")
        #expect(voluum.clickParameter == "cw_click")
        #expect(voluum.profilePath == nil)
        #expect(voluum.campaignID == "1234")
        #expect(voluum.profile.captureClickID(fromTrackingURL: "https://trk.example.voluum.com/abc?cw_click=Z") == "Z")

        let keitaro = try #require(scenario.tracker(named: "kt"))
        #expect(keitaro.profile.name == "keitaro")
        #expect(keitaro.clickParameter == "external_id")
        #expect(keitaro.profilePath?.hasSuffix("fixtures/trackers/keitaro.yaml") == true)
        #expect(keitaro.postbacks.count == 2)
        #expect(keitaro.campaignID == "shop-7")

        let mine = try #require(scenario.tracker(named: "mine"))
        #expect(mine.profile.name == "custom")
        #expect(mine.profile.macroSyntaxes == [.doublePercents])
        #expect(mine.profilePath?.hasSuffix("Fixtures/valid/profiles/custom.yaml") == true)

        #expect(scenario.traffic.count == 3)
        #expect(
            scenario.traffic[0]
                == TrafficStep(
                    tracker: "voluum", campaignID: "1234", convert: 20, event: "install",
                    location: scenario.traffic[0].location))
        let step = scenario.traffic[1]
        #expect(step.campaignID == "shop-7")
        #expect(step.offset == 2)
        #expect(step.fault == .duplicate)
        #expect(step.count == 2)
        #expect(step.status == "declined")
        #expect(step.payout == "1,20")
        #expect(step.values == ["note": "hello"])
        #expect(
            step.conversionValues(clickID: "c1")
                == ConversionValues(
                    clickID: "c1", campaignID: "shop-7", event: "purchase", payout: "1,20", amount: "10.00",
                    currency: "EUR", txid: "T-1", status: "declined", extra: ["note": "hello"]))
        #expect(scenario.traffic[2].campaignID == "1234")

        let first = try #require(scenario.expectation(campaignID: "1234"))
        #expect(first.clicks == 50)
        #expect(first.conversions == 0)
        #expect(first.rejected == [.unknownClick: 20])
        #expect(first.duplicates == nil)
        let second = try #require(scenario.expectation(campaignID: "shop-7"))
        #expect(second.approved == 1)
        #expect(second.pending == 2)
        #expect(second.declined == 0)
        #expect(second.duplicates == 3)
        #expect(second.statusUpdates == 1)
        #expect(second.payoutTotal == Money("22.5"))
        #expect(second.conversionRate == "0.3")
        #expect(second.fieldLocations["payout_total"] == SourceLocation(file: path, line: 57, column: 19))
    }

    @Test func timeScaleMakesRetryDelaysShort() {
        let scenario = Scenario(name: "t", file: "t.yaml")
        let wall = scenario.scaled(.seconds(900))
        #expect(abs(Double(wall.components.attoseconds) / 1e15 - 9) < 0.001)
        #expect(wall.components.seconds == 0)
        var slow = scenario
        slow.timeScale = 1
        #expect(slow.scaled(.seconds(2)) == .seconds(2))
    }

    @Test func stepWithoutCampaignTakesTheOnlyCampaign() throws {
        let yaml = """
            name: one campaign
            campaigns: [{id: "9"}]
            clicks: [{campaign: "9", count: 1}]
            trackers: [{name: af, profile: appsflyer, postback: "https://x/?click_id={clickid}"}]
            traffic: [{tracker: af, convert: 1}]
            """
        let scenario = try ScenarioLoader().load(yaml: yaml, file: "one.yaml")
        #expect(scenario.traffic[0].campaignID == "9")
    }

    @Test func profileFileErrorsCarryTheProfilesPositions() {
        let path = PackageRoot.scenarioFixture("broken-profile/scenario.yaml").path
        let check = ScenarioLoader().check(path: path)
        #expect(check.scenario == nil)
        let summaries = check.errors.map(\.summary)
        #expect(summaries.count == 3)
        #expect(summaries.first?.hasPrefix("\(path):6:14: error: profile file '") == true)
        #expect(
            summaries.first?.contains("bad-profile.yaml' has 2 errors, the first at \(check.errors[1].file):4:6")
                == true)
        #expect(summaries.dropFirst().allSatisfy { $0.contains("bad-profile.yaml:") })
        #expect(check.errors[1].line == 4)
        #expect(check.errors[1].column == 6)
        #expect(check.errors[2].line == 5)
        #expect(check.errors[2].column == 34)
    }

    @Test func loadAllSearchesFoldersAndCollectsErrorsOfEveryFile() throws {
        let folder = PackageRoot.scenarioFixture("").path
        #expect(throws: ScenarioFileErrors.self) { try ScenarioLoader().loadAll(paths: [folder]) }
        let files = try ScenarioLoader.scenarioFiles(in: [folder])
        #expect(files.contains { $0.hasSuffix("valid/full.yaml") })
        #expect(files.contains { $0.hasSuffix("broken-profile/scenario.yaml") })
        let valid = try ScenarioLoader().loadAll(paths: [PackageRoot.scenarioFixture("valid/full.yaml").path])
        #expect(valid.map(\.name) == ["Everything at once"])
    }

    @Test func aFileNamedTwiceIsListedOnce() throws {
        let folder = PackageRoot.scenarioFixture("valid").path
        let file = PackageRoot.scenarioFixture("valid/full.yaml").path
        let once = try ScenarioLoader.scenarioFiles(in: [folder])
        let twice = try ScenarioLoader.scenarioFiles(in: [folder, file, folder + "/./full.yaml"])
        #expect(twice == once)
        #expect(try ScenarioLoader.scenarioFiles(in: [file, folder]).first == file, "where it first came")
    }

    @Test func profileNamedWithoutExtensionBesideTheScenario() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "name: acme\nsyntax: [\"[x]\"]\nclick_param: aid\nmacros: {CLICK_ID: click_id}\n".write(
            to: folder.appendingPathComponent("acme.yaml"), atomically: true, encoding: .utf8)
        let scenarioText = """
            name: acme
            campaigns: [{id: "5"}]
            trackers: [{name: a, profile: acme, postback: "https://x/?campaign_id=5&click_id=[CLICK_ID]"}]
            """
        let path = folder.appendingPathComponent("s.yaml").path
        try scenarioText.write(toFile: path, atomically: true, encoding: .utf8)
        let scenario = try ScenarioLoader().load(path: path)
        let tracker = try #require(scenario.trackers.first)
        #expect(tracker.profile.name == "acme")
        #expect(tracker.campaignID == "5")
        #expect(
            tracker.profile.fill(template: tracker.postbacks[0], values: .init(clickID: "Z")).hasSuffix("click_id=Z"))
    }

    @Test func fileThatIsNotUTF8() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scen-\(UUID().uuidString).yaml")
        try Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xFF, 0xFE]).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let check = ScenarioLoader().check(path: path.path)
        #expect(check.errors.map(\.summary) == ["\(path.path): error: not YAML: the file is not valid UTF-8"])
    }

    @Test func aStepConvertingMoreClicksThanMadeIsAnError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scen-\(UUID().uuidString).yaml")
        try """
        name: too many
        campaigns:
          - {id: "1", status: active, type: cpi, payout: "1.00"}
        clicks:
          - {campaign: "1", count: 3}
          - {campaign: "1", count: 2}
        trackers:
          - {name: af, profile: appsflyer, campaign: "1", postback: "https://clickwall.net/postback/advertiser?campaign_id=1&click_id={clickid}"}
        traffic:
          - {tracker: af, convert: 5}
          - {tracker: af, convert: 2, offset: 4}
        """.write(to: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: path) }
        let check = ScenarioLoader().check(path: path.path)
        #expect(
            check.errors.map(\.summary) == [
                "\(path.path):11:28: error: traffic step 2 converts clicks 4..<6 of campaign 1, which has only 5 clicks: add clicks or lower convert"
            ])
    }

    @Test func missingPathIsAnError() {
        #expect(throws: ScenarioFileErrors.self) { try ScenarioLoader.scenarioFiles(in: ["/nonexistent/scenarios"]) }
        let check = ScenarioLoader().check(path: "/nonexistent/x.yaml")
        #expect(check.errors.first?.summary.hasPrefix("/nonexistent/x.yaml: error: cannot read file") == true)
    }

    @Test func shippedScenariosLoad() throws {
        let folder = PackageRoot.url.appendingPathComponent("scenarios").path
        let files = (try? ScenarioLoader.scenarioFiles(in: [folder])) ?? []
        for file in files where ScenarioLoader.kind(ofFile: file) == .scenario {
            let check = ScenarioLoader().check(path: file)
            #expect(check.errors.isEmpty, "\(check.errors.map(\.description).joined(separator: "\n"))")
        }
    }
}
