import PostbackCore
import Testing

@testable import Scenarios

struct ExpectationTests {
    static let recorded = CampaignStats(
        campaignID: "1234", clicks: 50, conversions: 20,
        conversionsByStatus: .init(approved: 15, pending: 4, declined: 1), duplicates: 3, statusUpdates: 2,
        rejected: ["unknown_click": 5, "invalid_token": 1], payoutTotal: Money("22.50")!)

    struct Row: Sendable, CustomTestStringConvertible {
        var label: String
        var expected: CampaignExpectation
        var differences: [String]
        var testDescription: String { label }
    }

    static let rows: [Row] = [
        .init(label: "nothing stated", expected: .init(campaignID: "1234"), differences: []),
        .init(
            label: "all matching",
            expected: .init(
                campaignID: "1234", clicks: 50, conversions: 20, approved: 15, pending: 4, declined: 1, duplicates: 3,
                statusUpdates: 2, rejected: [.unknownClick: 5, .invalidToken: 1], payoutTotal: Money("22.5"),
                conversionRate: "0.4"), differences: []),
        .init(
            label: "clicks", expected: .init(campaignID: "1234", clicks: 49),
            differences: ["clicks: expected 49, recorded 50"]),
        .init(
            label: "conversions", expected: .init(campaignID: "1234", conversions: 0),
            differences: ["conversions: expected 0, recorded 20"]),
        .init(
            label: "by status", expected: .init(campaignID: "1234", approved: 16, pending: 4, declined: 0),
            differences: [
                "conversions_by_status.approved: expected 16, recorded 15",
                "conversions_by_status.declined: expected 0, recorded 1",
            ]),
        .init(
            label: "duplicates and updates", expected: .init(campaignID: "1234", duplicates: 1, statusUpdates: 0),
            differences: [
                "duplicates: expected 1, recorded 3", "status_updates: expected 0, recorded 2",
            ]),
        .init(
            label: "only the named reasons", expected: .init(campaignID: "1234", rejected: [.unknownClick: 5]),
            differences: []),
        .init(
            label: "a named reason not recorded is 0",
            expected: .init(campaignID: "1234", rejected: [.clickExpired: 2, .unknownClick: 5]),
            differences: ["rejected.click_expired: expected 2, recorded 0"]),
        .init(
            label: "a named reason expected 0",
            expected: .init(campaignID: "1234", rejected: [.clickExpired: 0, .invalidToken: 0]),
            differences: ["rejected.invalid_token: expected 0, recorded 1"]),
        .init(
            label: "an empty rejected map means no rejection for any reason",
            expected: .init(campaignID: "1234", rejected: [:]),
            differences: [
                "rejected.invalid_token: expected 0, recorded 1", "rejected.unknown_click: expected 0, recorded 5",
            ]),
        .init(
            label: "decimals by value", expected: .init(campaignID: "1234", payoutTotal: Money("22.500")),
            differences: []),
        .init(
            label: "payout differs", expected: .init(campaignID: "1234", payoutTotal: Money("22.49")),
            differences: ["payout_total: expected 22.49, recorded 22.5"]),
        .init(
            label: "rate to the precision written", expected: .init(campaignID: "1234", conversionRate: "0.40"),
            differences: []),
        .init(
            label: "rate differs", expected: .init(campaignID: "1234", conversionRate: "0.41"),
            differences: ["conversion_rate: expected 0.41, recorded 0.4"]),
        .init(
            label: "integer rate is exact", expected: .init(campaignID: "1234", conversionRate: "0"),
            differences: ["conversion_rate: expected 0, recorded 0.4"]),
    ]

    @Test(arguments: rows)
    func compare(_ row: Row) {
        let differences = Expectation.compare(expected: row.expected, recorded: Self.recorded)
        #expect(differences.map(\.description) == row.differences)
    }

    @Test(arguments: [
        ("0.333", true), ("0.33", true), ("0.3", true), ("0.334", false), ("0.3334", false), ("1", false),
    ])
    func rateOfAThird(_ written: String, _ matches: Bool) {
        #expect(Expectation.rateMatches(expected: written, recorded: 1.0 / 3.0) == matches)
    }

    @Test("rejected: {} is met by a campaign that rejected nothing, and points at the map when not")
    func emptyRejectedMap() throws {
        let yaml = """
            name: t
            campaigns: [{id: "1"}]
            expect:
              "1": {rejected: {}}
            """
        let scenario = try ScenarioLoader().load(yaml: yaml, file: "s.yaml")
        let expectation = try #require(scenario.expectation(campaignID: "1"))
        #expect(expectation.rejected == [:])
        let clean = CampaignStats(campaignID: "1", rejected: ["unknown_click": 0])
        #expect(Expectation.compare(expected: expectation, recorded: clean).isEmpty)
        let rejecting = CampaignStats(campaignID: "1", rejected: ["click_expired": 2])
        let differences = Expectation.compare(expected: expectation, recorded: rejecting)
        #expect(differences.map(\.description) == ["rejected.click_expired: expected 0, recorded 2"])
        #expect(differences.map { $0.location?.description } == ["s.yaml:4:19"])
    }

    @Test func differencesPointAtTheExpectationInTheFile() throws {
        let yaml = """
            name: t
            campaigns: [{id: "1"}]
            expect:
              "1":
                clicks: 3
                rejected: {unknown_click: 2}
            """
        let scenario = try ScenarioLoader().load(yaml: yaml, file: "s.yaml")
        let expectation = try #require(scenario.expectation(campaignID: "1"))
        let differences = Expectation.compare(expected: expectation, recorded: CampaignStats(campaignID: "1"))
        #expect(differences.map(\.field) == ["clicks", "rejected.unknown_click"])
        #expect(differences.map { $0.location?.description } == ["s.yaml:5:13", "s.yaml:6:31"])
    }
}
