import Foundation
import PostbackCore
import PostbackTesting
import Testing
import Trackers

@testable import Scenarios

/// Scenarios through the runner's real path (embedded receiver, libcurl) for what a shipped
/// profile decides about its sends: which statuses fire (BeMob), and Prosper202's pixel field —
/// split at spaces, `[[C1]]` filled regardless of case, `@` kept, payouts with five decimals,
/// and "success" reported upstream for a send that never arrived.
@Suite(.timeLimit(.minutes(1)))
struct TrackerSendingScenarioTests {
    static func run(_ yaml: String) async throws -> ScenarioResult {
        let scenario = try ScenarioLoader().load(yaml: yaml, file: "t.yaml")
        return await ScenarioRunner(configuration: .fixtures(root: PackageRoot.url)).run(scenario)
    }

    @Test func bemobSendsOnlyTheApprovedConversions() async throws {
        let result = try await Self.run(
            """
            name: bemob fires on approved only
            campaigns:
              - {id: "8", status: active, type: cpi, payout: "1.00",
                 tracking_link: "https://bemob.example/c?externalid={click_id}"}
            clicks:
              - {campaign: "8", count: 5}
            trackers:
              - {name: bm, profile: bemob,
                 postback: "https://clickwall.net/postback/advertiser?campaign_id=8&click_id={externalId}&status=approved"}
            traffic:
              - {tracker: bm, convert: 3, status: pending}
              - {tracker: bm, convert: 2, offset: 3, status: approved}
            expect:
              "8": {clicks: 5, conversions: 2, conversions_by_status: {approved: 2, pending: 0}}
            """)
        #expect(result.error == nil, "\(result.error ?? "")")
        #expect(result.passed, "\(result.campaigns.flatMap(\.differences))")
        #expect(result.sends.count == 2)
        #expect(result.sends.allSatisfy { $0.attempts.first?.url.hasSuffix("&status=approved") == true })
    }

    static let prosper =
        """
        name: prosper202 pixel field
        campaigns:
          - {id: "9", status: active, type: cpi, payout: "1.00",
             tracking_link: "https://p202.example/tracking202/redirect/dl.php?t202id=5&c1={click_id}&c2=me%40x.example"}
        clicks:
          - {campaign: "9", count: 2}
        trackers:
          - name: p202
            profile: prosper202
            # Two URLs in the pixel field; the second names a port ClickWall does not listen on.
            postback: "https://clickwall.net/postback/advertiser?campaign_id=9&click_id=[[C1]]&payout=[[payout]]&who=[[c2]] https://clickwall.net:8443/postback/advertiser?campaign_id=9&click_id=[[c1]]"
        traffic:
          - {tracker: p202, convert: 2, payout: "2.5"}
        expect:
          "9": {clicks: 2, conversions: 2, payout_total: "5"}
        """

    @Test func prosper202FiresEachURLOfItsPixelFieldAndReportsSuccessForAll() async throws {
        let result = try await Self.run(Self.prosper)
        #expect(result.error == nil, "\(result.error ?? "")")
        #expect(result.passed, "\(result.campaigns.flatMap(\.differences))")
        #expect(result.sends.count == 4)
        let delivered = result.sends.filter { $0.delivery?.delivered == true }
        let lost = result.sends.filter { $0.delivery?.delivered == false }
        #expect(delivered.count == 2)
        #expect(lost.count == 2)
        for send in delivered {
            let url = try #require(send.attempts.first?.url)
            #expect(url.hasSuffix("&click_id=\(send.clickID ?? "")&payout=2.50000&who=me@x.example"), "\(url)")
            #expect(send.verdict?.result == .accepted)
        }
        for send in lost {
            #expect(send.attempts.first?.outcome == .connectionFailed)
            // Prosper202 answers "202 Postback successful" whatever its pixel URLs answered.
            #expect(send.delivery?.reportedSuccess == true)
            #expect(send.delivery?.isMisreported == true)
        }
        let data = try JSONReport().render([result], elapsed: .seconds(1), started: Date())
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let scenarios = try #require(document["scenarios"] as? [[String: Any]])
        let sends = try #require(scenarios.first?["sends"] as? [[String: Any]])
        let deliveries = sends.compactMap { $0["delivery"] as? [String: Any] }
        #expect(deliveries.count == 4)
        #expect(deliveries.filter { $0["delivered"] as? Bool == false }.count == 2)
        #expect(deliveries.allSatisfy { $0["reported_upstream"] as? String == "success" })
        let text = TextReport(verbose: true).details(result).joined(separator: "\n")
        #expect(
            text.contains("! tracker p202 reported \"success\" upstream for this postback, which was not delivered"))
    }
}
