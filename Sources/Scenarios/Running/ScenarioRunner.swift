import Curl
import Foundation
import Logging
import PostbackCore
import Receiver
import Store
import Trackers

/// Plays scenarios: starts a receiver per scenario on 127.0.0.1, creates the campaigns, makes
/// the clicks through `GET /click/{id}` (a batch of more than
/// ``AdminClient/bulkClickThreshold`` through `POST /api/campaigns/{id}/clicks`), lets each tracker capture its click ids from the
/// redirects, sends the conversions through the trackers over libcurl (TLS when the postback
/// URL says https), then reads the statistics back through the API and compares them.
///
/// With ``RunnerConfiguration/external`` set, no receiver is started: the scenario runs
/// against that receiver with its campaign ids namespaced (``CampaignNamespace``), and a
/// scenario that needs the embedded receiver is skipped with the reason.
public struct ScenarioRunner: Sendable {
    public var configuration: RunnerConfiguration
    private let executions = ExecutionCounter()

    public init(configuration: RunnerConfiguration) {
        self.configuration = configuration
    }

    /// Runs one scenario; never throws: a runtime problem is the result's `error`.
    public func run(_ scenario: Scenario) async -> ScenarioResult {
        let start = ContinuousClock.now
        var result = ScenarioResult(name: scenario.name, file: scenario.file, tags: scenario.tags)
        if let external = configuration.external, let reason = external.reasonToSkip(scenario) {
            result.skipReason = reason
            return result
        }
        do {
            if let external = configuration.external {
                if configuration.differential {
                    var reference = result
                    try await play(scenario, into: &reference)
                    result.referenceSends = reference.sends
                }
                try await playExternal(scenario, on: external, into: &result)
            } else {
                try await play(scenario, into: &result)
            }
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

    /// Plays `scenario` against an embedded receiver of its own.
    private func play(_ scenario: Scenario, into result: inout ScenarioResult) async throws {
        let storage = try ScenarioStorage(for: scenario)
        defer { storage.remove() }
        let store = try SQLitePostbackStore(
            path: storage.path, rules: PostbackRules(trackerHints: TrackerProfile.receiverHints))
        let clock = ScenarioClock()
        var receiverConfiguration = ReceiverConfiguration()
        receiverConfiguration.tls = configuration.tls
        // Faults are armed through the admin API, as on an external receiver.
        receiverConfiguration.faults = ReceiverFaults()
        let clickIDs = ClickIDGenerator(seed: scenario.seed ?? Self.seed(for: scenario.name))
        let caFile = configuration.caFile
        let outcome = try await withReceiver(
            configuration: receiverConfiguration, store: store, clickIDs: clickIDs, clock: { clock.now() },
            logger: configuration.logger
        ) { receiver in
            try await CurlClient.withClient { client in
                let admin = AdminClient(client: client, baseURL: receiver.baseURL)
                let route = PostbackRoute(httpPort: receiver.port, httpsPort: receiver.tlsPort, caFile: caFile)
                return try await drive(scenario, admin: admin, client: client, route: route, clock: clock) { batch in
                    try await clock.withAge(batch.age) {
                        guard batch.count > AdminClient.bulkClickThreshold else {
                            return ClickPool(
                                try await admin.makeClicks(campaignID: batch.campaignID, count: batch.count))
                        }
                        return try await admin.issueClicks(
                            campaignID: batch.campaignID, count: batch.count,
                            trackingLink: scenario.campaign(id: batch.campaignID)?.trackingLink)
                    }
                }
            }
        }
        result.campaigns = outcome.campaigns
        result.sends = outcome.sends.kept
        result.omittedSends = outcome.sends.omitted
    }

    /// Plays `scenario` against a receiver started elsewhere, its campaign ids namespaced.
    private func playExternal(
        _ scenario: Scenario, on external: ExternalReceiver, into result: inout ScenarioResult
    ) async throws {
        let namespace = CampaignNamespace(
            prefix: "\(external.campaignPrefix)\(executions.next())-", campaignIDs: scenario.campaigns.map(\.id))
        let namespaced = namespace.apply(to: scenario)
        let outcome = try await CurlClient.withClient { client in
            let admin = AdminClient(
                client: client, baseURL: external.baseURL, adminToken: external.adminToken, caFile: external.caFile)
            return try await drive(
                namespaced, admin: admin, client: client, route: external.route, clock: ScenarioClock()
            ) { batch in
                guard let age = batch.age else {
                    return ClickPool(try await admin.makeClicks(campaignID: batch.campaignID, count: batch.count))
                }
                // The receiver's clock cannot be moved: old clicks are registered with their date.
                let trackingLink = namespaced.campaign(id: batch.campaignID)?.trackingLink
                return try await admin.registerClicks(
                    campaignID: batch.campaignID, count: batch.count, age: age, trackingLink: trackingLink)
            }
        }
        result.campaigns = outcome.campaigns.map { campaign in
            var campaign = campaign
            campaign.campaignID = namespace.original(for: campaign.campaignID)
            campaign.recorded?.campaignID = campaign.campaignID
            campaign.expectation?.campaignID = campaign.campaignID
            return campaign
        }
        result.sends = outcome.sends.kept.map { send in
            var send = send
            send.campaignID = namespace.original(for: send.campaignID)
            return send
        }
        result.omittedSends = outcome.sends.omitted.map { tally in
            var tally = tally
            tally.campaignID = namespace.original(for: tally.campaignID)
            return tally
        }
    }

    /// What both receivers share: campaigns, the scenario's receiver faults (armed through
    /// `/api/faults`, disarmed at the end), clicks, traffic, then the statistics compared.
    private func drive(
        _ scenario: Scenario, admin: AdminClient, client: CurlClient, route: PostbackRoute, clock: ScenarioClock,
        makeClicks: (ClickBatch) async throws -> ClickPool
    ) async throws -> (campaigns: [CampaignOutcome], sends: SendLedger) {
        for campaign in scenario.campaigns {
            try await admin.putCampaign(campaign)
        }
        let faultScope = Set(scenario.campaigns.map(\.id))
        var armed: [Int] = []
        for var rule in scenario.receiverFaults {
            rule.campaignIDs = faultScope
            armed.append(try await admin.armFault(rule))
        }
        do {
            let outcome = try await playTraffic(
                scenario, admin: admin, client: client, route: route, clock: clock, faultScope: faultScope,
                makeClicks: makeClicks)
            for id in armed { try await admin.disarmFault(id) }
            return outcome
        } catch {
            for id in armed { try? await admin.disarmFault(id) }
            throw error
        }
    }

    /// Clicks and traffic, then the statistics read back and compared.
    private func playTraffic(
        _ scenario: Scenario, admin: AdminClient, client: CurlClient, route: PostbackRoute, clock: ScenarioClock,
        faultScope: Set<String>, makeClicks: (ClickBatch) async throws -> ClickPool
    ) async throws -> (campaigns: [CampaignOutcome], sends: SendLedger) {
        var pools: [String: ClickPool] = [:]
        for batch in scenario.clicks {
            pools[batch.campaignID, default: ClickPool()].append(contentsOf: try await makeClicks(batch))
        }
        let sender = PostbackSender(client: client, route: route, timeScale: scenario.effectiveTimeScale)
        var sends = SendLedger(keptPerStep: configuration.keptSendsPerStep)
        let context = TrafficContext(
            sender: sender, concurrency: configuration.concurrency, admin: admin, clock: clock,
            faultScope: faultScope)
        for (index, step) in scenario.traffic.enumerated() {
            let traffic = TrafficPlayer(scenario: scenario, step: step, index: index, context: context)
            try await traffic.play(clicks: pools[step.campaignID] ?? ClickPool(), into: &sends)
        }
        var outcomes: [CampaignOutcome] = []
        for expectation in scenario.expectations {
            let recorded = try await admin.stats(campaignID: expectation.campaignID)
            outcomes.append(
                CampaignOutcome(
                    campaignID: expectation.campaignID, recorded: recorded,
                    differences: Expectation.compare(expected: expectation, recorded: recorded),
                    expectation: expectation))
        }
        return (outcomes, sends)
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
