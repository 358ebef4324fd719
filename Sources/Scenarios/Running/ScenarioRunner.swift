import Curl
import Foundation
import Logging
import PostbackCore
import Receiver
import Store
import Trackers

/// Plays scenarios: starts a receiver per scenario on 127.0.0.1, creates the campaigns, makes
/// the clicks through `GET /click/{id}`, lets each tracker capture its click ids from the
/// redirects, sends the conversions through the trackers over libcurl (TLS when the postback
/// URL says https), then reads the statistics back through the API and compares them.
public struct ScenarioRunner: Sendable {
    public var configuration: RunnerConfiguration

    public init(configuration: RunnerConfiguration) {
        self.configuration = configuration
    }

    /// Runs one scenario; never throws: a runtime problem is the result's `error`.
    public func run(_ scenario: Scenario) async -> ScenarioResult {
        let start = ContinuousClock.now
        var result = ScenarioResult(name: scenario.name, file: scenario.file, tags: scenario.tags)
        do {
            try await play(scenario, into: &result)
        } catch let error as RunnerError {
            result.error = error.message
        } catch let error as ReceiverError {
            result.error = "receiver: \(error)"
            result.isRuntimeError = true
        } catch let error as StoreError {
            result.error = "store: \(error)"
            result.isRuntimeError = true
        } catch {
            result.error = "\(error)"
        }
        result.duration = ContinuousClock.now - start
        return result
    }

    private func play(_ scenario: Scenario, into result: inout ScenarioResult) async throws {
        let store = try SQLitePostbackStore(path: nil)
        let clock = ScenarioClock()
        var receiverConfiguration = ReceiverConfiguration()
        receiverConfiguration.tls = configuration.tls
        let receiverFaults = ReceiverFaults(rules: scenario.receiverFaults)
        receiverConfiguration.faults = receiverFaults
        let clickIDs = ClickIDGenerator(seed: scenario.seed ?? Self.seed(for: scenario.name))
        let logger = configuration.logger
        let concurrency = configuration.concurrency
        let caFile = configuration.caFile
        let outcome: ([CampaignOutcome], [SentPostback]) = try await withReceiver(
            configuration: receiverConfiguration, store: store, clickIDs: clickIDs, clock: { clock.now() },
            logger: logger
        ) { receiver in
            try await CurlClient.withClient { client in
                let admin = AdminClient(client: client, baseURL: receiver.baseURL)
                for campaign in scenario.campaigns {
                    try await admin.putCampaign(campaign)
                }
                var pools: [String: [IssuedClick]] = [:]
                for batch in scenario.clicks {
                    let clicks = try await clock.withAge(batch.age) {
                        try await admin.makeClicks(campaignID: batch.campaignID, count: batch.count)
                    }
                    pools[batch.campaignID, default: []].append(contentsOf: clicks)
                }
                let route = PostbackRoute(
                    httpPort: receiver.port, httpsPort: receiver.tlsPort, caFile: caFile)
                let sender = PostbackSender(client: client, route: route, timeScale: scenario.effectiveTimeScale)
                var sends: [SentPostback] = []
                let context = TrafficContext(
                    sender: sender, concurrency: concurrency, admin: admin, clock: clock, receiverFaults: receiverFaults
                )
                for (index, step) in scenario.traffic.enumerated() {
                    let traffic = TrafficPlayer(scenario: scenario, step: step, index: index, context: context)
                    sends += try await traffic.play(clicks: pools[step.campaignID] ?? [])
                }
                var outcomes: [CampaignOutcome] = []
                for expectation in scenario.expectations {
                    let recorded = try await admin.stats(campaignID: expectation.campaignID)
                    outcomes.append(
                        CampaignOutcome(
                            campaignID: expectation.campaignID, recorded: recorded,
                            differences: Expectation.compare(expected: expectation, recorded: recorded)))
                }
                return (outcomes, sends)
            }
        }
        result.campaigns = outcome.0
        result.sends = outcome.1
    }

    /// A stable seed from the scenario's name (FNV-1a), so that every run issues the same ids.
    static func seed(for name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// A problem that stops a scenario while it runs.
struct RunnerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
