import Foundation
import PostbackCore
import Testing

/// Rule 13's decision and the change it makes to a campaign's statistics, as both stores carry it out.
struct ConversionDecisionTests {
    static func candidate(status: ConversionStatus?, payout: String = "1.20", payoutGiven: Bool = false)
        -> ConversionCandidate
    {
        ConversionCandidate(
            campaignID: "c", clickID: "k1", status: status ?? .approved, statusGiven: status != nil,
            payout: Money(payout) ?? .zero, payoutGiven: payoutGiven, dedupKey: "k1\u{1F}")
    }

    static func recorded(_ status: ConversionStatus, _ payout: Decimal) -> RecordedConversion {
        RecordedConversion(status: status, payout: payout)
    }

    @Test(arguments: [
        (ConversionStatus.approved, "1.20", Decimal(string: "1.20")!),
        (.pending, "7", 0),
        (.declined, "9.99", 0),
    ])
    func aNewConversionCountsOnceByItsStatus(status: ConversionStatus, payout: String, total: Decimal) {
        let decision = Self.candidate(status: status, payout: payout).decision(recorded: nil)
        #expect(decision.outcome == .accepted)
        #expect(decision.update == nil)
        var expected = CampaignCounts()
        expected.conversions = 1
        expected[.conversions(in: status)] = 1
        expected.payoutTotal = total
        #expect(decision.change == expected)
        #expect(decision.verdict(conversionID: "cv_7") == .accepted(conversionID: "cv_7"))
    }

    @Test(arguments: [
        // The same status, or none (whatever the campaign's default), is a duplicate, payout or not.
        (ConversionStatus?.some(.pending), ConversionStatus.pending, true),
        (nil, .pending, false),
        (nil, .approved, true),
        (.approved, .approved, true),
    ])
    func aRepeatWithTheSameOrNoStatusIsADuplicateThatChangesNothingElse(
        status: ConversionStatus?, recordedStatus: ConversionStatus, payoutGiven: Bool
    ) {
        let decision = Self.candidate(status: status, payout: "9", payoutGiven: payoutGiven)
            .decision(recorded: Self.recorded(recordedStatus, 2))
        #expect(decision.outcome == .duplicate)
        #expect(decision.update == nil)
        var expected = CampaignCounts()
        expected.duplicates = 1
        #expect(decision.change == expected)
        #expect(decision.verdict(conversionID: "cv_1") == .duplicate(conversionID: "cv_1"))
    }

    struct UpdateCase: Sendable, CustomTestStringConvertible {
        var from: ConversionStatus
        var payout: String
        var to: ConversionStatus
        /// The postback's own payout, nil when it gives none.
        var given: String?
        var newPayout: String
        var totalChange: String
        var testDescription: String { "\(from) \(payout) → \(to) \(given ?? "(no payout)")" }
    }

    @Test(arguments: [
        // DESIGN §3: a lead reported at 0 and approved at 2.50 pays 2.50.
        UpdateCase(from: .pending, payout: "0", to: .approved, given: "2.50", newPayout: "2.5", totalChange: "2.5"),
        UpdateCase(from: .pending, payout: "0.7", to: .approved, given: nil, newPayout: "0.7", totalChange: "0.7"),
        UpdateCase(from: .approved, payout: "0.7", to: .declined, given: nil, newPayout: "0.7", totalChange: "-0.7"),
        UpdateCase(from: .approved, payout: "0.7", to: .pending, given: "5", newPayout: "5", totalChange: "-0.7"),
        UpdateCase(from: .declined, payout: "1", to: .approved, given: "0", newPayout: "0", totalChange: "0"),
        UpdateCase(from: .declined, payout: "1", to: .pending, given: "3", newPayout: "3", totalChange: "0"),
    ])
    func aStatusUpdateMovesTheConversionAndSetsAGivenPayout(_ update: UpdateCase) throws {
        let candidate = Self.candidate(
            status: update.to, payout: update.given ?? "1.20", payoutGiven: update.given != nil)
        let decision = candidate.decision(
            recorded: Self.recorded(update.from, try #require(Decimal(string: update.payout))))
        #expect(decision.outcome == .statusUpdated(from: update.from, to: update.to))
        #expect(decision.update == Self.recorded(update.to, try #require(Decimal(string: update.newPayout))))
        var expected = CampaignCounts()
        expected.statusUpdates = 1
        expected[.conversions(in: update.from)] = -1
        expected[.conversions(in: update.to)] = 1
        expected.payoutTotal = try #require(Decimal(string: update.totalChange))
        #expect(decision.change == expected)
        #expect(
            decision.verdict(conversionID: "cv_3")
                == .statusUpdated(conversionID: "cv_3", from: update.from, to: update.to))
    }

    @Test(arguments: [("&payout=2.5", true), ("&payout=", false), ("", false), ("&payout=0", true)])
    func theRuleChainSaysWhetherThePayoutWasGiven(extra: String, given: Bool) throws {
        let candidate = try Fixture.judge(
            Fixture.get("campaign_id=1234&click_id=abc123" + extra), campaign: Fixture.campaign(),
            click: Fixture.click()
        ).get()
        #expect(candidate.payoutGiven == given)
    }

    @Test func countsAddUpCounterByCounterAndReasonByReason() {
        var total = CampaignCounts()
        total.add(.clicks(3))
        total.add(.rejection(.unknownClick))
        total.add(.rejection(.unknownClick))
        total.add(.rejection(.invalidToken))
        total.add(Self.candidate(status: .approved, payout: "0.1").decision(recorded: nil).change)
        total.add(Self.candidate(status: .approved, payout: "0.2").decision(recorded: nil).change)
        #expect(total.clicks == 3)
        #expect(total.conversions == 2)
        #expect(total.approved == 2)
        #expect(total.payoutTotal == Decimal(string: "0.3"))
        #expect(total.rejected == ["unknown_click": 2, "invalid_token": 1])
        #expect(!total.countersAreZero)
        #expect(CampaignCounts.rejection(.unknownClick).countersAreZero)
    }

    /// Each counter reads and writes its own field and lands in its own field of the stats: a
    /// store that orders its columns by `allCases` gets every statistic in its place.
    @Test func everyCounterHasItsOwnFieldAndStatistic() throws {
        for (index, counter) in CampaignCounter.allCases.enumerated() {
            var counts = CampaignCounts()
            counts[counter] = Int64(index + 1)
            let others = CampaignCounter.allCases.filter { $0 != counter }
            #expect(others.allSatisfy { counts[$0] == 0 }, "\(counter)")
            let stats = CampaignStats(campaignID: "c", counts: counts)
            let served = try JSONSerialization.jsonObject(with: JSONEncoder().encode(stats)) as? [String: Any]
            let byStatus = served?["conversions_by_status"] as? [String: Any]
            let value = (served?[counter.rawValue] ?? byStatus?[counter.rawValue]) as? Int
            #expect(value == index + 1, "\(counter) is served as \(counter.rawValue)")
        }
        #expect(Set(CampaignCounter.allCases.map(\.rawValue)).count == CampaignCounter.allCases.count)
        #expect(
            CampaignCounter.columnList == "clicks, conversions, approved, pending, declined, duplicates, status_updates"
        )
    }
}
