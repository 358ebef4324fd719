import Foundation
import PostbackCore
import Receiver
import Trackers

/// Plays one `traffic:` step: the step's tracker converts its clicks and sends each postback
/// (to every template it has configured), `count` times, retrying as its profile does, with the
/// step's fault injected for real on the wire (see `docs/faults.md`).
struct TrafficPlayer: Sendable {
    let scenario: Scenario
    let step: TrafficStep
    let index: Int
    let context: TrafficContext

    /// The Unix time conversions are reported at: fixed, so that every run sends the same bytes.
    static let conversionEpoch = 1_767_225_600

    /// Converts the step's clicks of `clicks`, `concurrency` at a time, into `ledger`: the
    /// sends of the step's first ``SendLedger/keptPerStep`` conversions kept in click order,
    /// the others counted as they finish.
    func play(clicks: ClickPool, into ledger: inout SendLedger) async throws {
        guard let tracker = scenario.tracker(named: step.tracker) else {
            throw RunnerError(
                message: "traffic step \(index + 1) names tracker '\(step.tracker)', which is not declared")
        }
        let end = step.offset + step.convert
        guard end <= clicks.count else {
            throw RunnerError(
                message:
                    "\(locationPrefix)traffic step \(index + 1) converts clicks \(step.offset)..<\(end) of campaign \(step.campaignID), which has only \(clicks.count) clicks: add clicks or lower convert"
            )
        }
        if let fault = step.fault, let why = fault.inapplicability(to: tracker.profile) {
            throw RunnerError(message: locationPrefix + why)
        }
        let setup = try await prepareFault(postbacks: step.convert * max(1, tracker.postbacks.count))
        do {
            try await convertAll(clicks, tracker: tracker, into: &ledger)
        } catch {
            try? await undo(setup)
            throw error
        }
        try await undo(setup)
    }

    private var locationPrefix: String {
        guard let location = step.location else { return "" }
        return "\(location.file):\(location.line):\(location.column): "
    }

    // MARK: Faults outside the tracker

    /// What a fault changed before the step, to be undone after it.
    private struct FaultSetup {
        var armedRule: Int?
        var restoreStatus: CampaignStatus?
    }

    /// Arms the receiver (`retry-after-*`, `expired-click`) or pauses the campaign
    /// (`campaign-paused`).
    private func prepareFault(postbacks: Int) async throws -> FaultSetup {
        var setup = FaultSetup()
        let rule: ReceiverFaults.Rule
        // Each distinct postback's first answer only; a few spare for the extra templates.
        let firstAnswers = postbacks * 2 + 2
        switch step.fault {
        case .retryAfterTimeout:
            rule = .init(
                action: .delayAnswer(FaultTiming.slowAnswer), count: firstAnswers, firstOfEachPostback: true,
                campaignIDs: context.faultScope)
        case .retryAfter5xx:
            rule = .init(
                action: .failAfterRecording(status: 503), count: firstAnswers, firstOfEachPostback: true,
                campaignIDs: context.faultScope)
        case .expiredClick:
            // The receiver's clock a day past the campaign's conversion window while the step sends.
            let days = (scenario.campaign(id: step.campaignID)?.conversionWindowDays ?? 30) + 1
            rule = .init(
                action: .shiftClock(.seconds(days * 86_400)), count: 1_000_000, campaignIDs: context.faultScope)
        case .campaignPaused:
            let status = scenario.campaign(id: step.campaignID)?.status ?? .active
            try await context.setStatus(.paused, campaignID: step.campaignID)
            setup.restoreStatus = status
            return setup
        default: return setup
        }
        do {
            setup.armedRule = try await context.admin.armFault(rule)
        } catch let error as RunnerError {
            throw RunnerError(message: "\(locationPrefix)fault '\(step.fault?.rawValue ?? "")': \(error.message)")
        }
        return setup
    }

    private func undo(_ setup: FaultSetup) async throws {
        if let id = setup.armedRule { try await context.admin.disarmFault(id) }
        if let status = setup.restoreStatus { try await context.setStatus(status, campaignID: step.campaignID) }
    }

    // MARK: Conversions

    private func convertAll(_ clicks: ClickPool, tracker: ScenarioTracker, into ledger: inout SendLedger)
        async throws
    {
        let converting = step.convert
        let offset = step.offset
        let keptPerStep = ledger.keptPerStep
        var kept: [(Int, [SentPostback])] = []
        try await withThrowingTaskGroup(of: (Int, [SentPostback]).self) { group in
            var next = 0
            func start(_ position: Int) {
                let click = clicks[offset + position]
                group.addTask {
                    (position, try await self.convert(click: click, position: position, tracker: tracker))
                }
            }
            while next < min(context.concurrency, converting) {
                start(next)
                next += 1
            }
            while let (position, sends) = try await group.next() {
                if position < keptPerStep {
                    kept.append((position, sends))
                } else {
                    for send in sends { ledger.count(send) }
                }
                if next < converting {
                    start(next)
                    next += 1
                }
            }
        }
        ledger.keep(kept.sorted { $0.0 < $1.0 }.flatMap(\.1))
    }

    /// One converting click, as the tracker handles it: capture, pick the postbacks for the
    /// event, fill them, and send each the step's number of times.
    private func convert(click: IssuedClick, position: Int, tracker: ScenarioTracker) async throws -> [SentPostback] {
        let profile = tracker.profile
        guard profile.sendsPostback(conversionIndex: step.offset + position),
            profile.firesPostback(forStatus: step.status)
        else { return [] }
        let fault = step.fault
        var captured: CapturedClick
        if let location = click.location {
            captured = profile.capture(fromTrackingURL: fault?.trackingLink(location, profile: profile) ?? location)
        } else {
            captured = CapturedClick(clickID: click.clickID)
        }
        if let fault { captured = fault.captured(captured, profile: profile) }

        let trackerEvent = step.event
        var partnerEvent = trackerEvent
        if let trackerEvent, !ConversionValues.isInstall(trackerEvent), !tracker.eventMapping.isEmpty {
            // An event the tracker does not map has no postback.
            guard let mapped = tracker.eventMapping[trackerEvent] else { return [] }
            partnerEvent = mapped
        }
        let configured =
            !ConversionValues.isInstall(trackerEvent) && !tracker.eventPostbacks.isEmpty
            ? tracker.eventPostbacks : tracker.postbacks
        var templates = profile.postbackTemplates(for: captured, trackerEvent: trackerEvent, configured: configured)
        // Nothing to send for this conversion (no callback for the event on the click link).
        guard !templates.isEmpty else { return [] }
        if let fault {
            do {
                templates = try templates.map { template throws(FaultError) in
                    try fault.template(
                        template, profile: profile, otherCampaignID: otherCampaignID, badPayout: badPayout)
                }
            } catch {
                throw RunnerError(message: locationPrefix + error.message)
            }
            if fault == .twoPostbacksConfigured, let first = templates.first { templates.append(first) }
        }

        var values = step.conversionValues(clickID: captured.clickID)
        values.event = partnerEvent
        values.trackerEvent = trackerEvent
        values.unixTime = Self.conversionEpoch + index * 3600
        values.clickParameters = captured.parameters
        if values.campaignID == nil { values.campaignID = step.campaignID }
        let urls = templates.map { template in
            let url = profile.fill(template: template, values: values)
            return fault?.filledURL(url) ?? url
        }
        let repeats = step.count ?? (fault == .duplicate || fault == .duplicateConcurrent ? 2 : 1)
        // Without a click id each conversion is its own transaction.
        let transaction = captured.clickID ?? "no-click-\(step.campaignID)-\(step.offset + position)"
        let key = [tracker.name, transaction, trackerEvent ?? "", step.txid ?? ""].joined(separator: "\u{1F}")
        let timeout = tracker.timeout
        let firstTimeout = fault == .retryAfterTimeout ? FaultTiming.trackerTimeout : nil
        let clickID = captured.clickID

        /// One report of the conversion to the tracker: every postback, unless the tracker
        /// drops a repeated transaction.
        @Sendable func report() async -> [SentPostback] {
            if !profile.firesOnRepeatedTransaction, !context.memory.firstTime(key) { return [] }
            var sent: [SentPostback] = []
            for url in urls {
                let attempts = await context.sender.send(
                    url, profile: profile, timeout: timeout, firstTimeout: firstTimeout)
                sent.append(
                    SentPostback(
                        step: index, stepLocation: step.location, tracker: tracker.name, campaignID: step.campaignID,
                        clickID: clickID, attempts: attempts, delivery: profile.deliveryReport(after: attempts)))
            }
            return sent
        }
        if fault == .duplicateConcurrent {
            return await withTaskGroup(of: (Int, [SentPostback]).self) { group in
                for copy in 0..<repeats { group.addTask { (copy, await report()) } }
                var results: [(Int, [SentPostback])] = []
                for await result in group { results.append(result) }
                return results.sorted { $0.0 < $1.0 }.flatMap(\.1)
            }
        }
        var sent: [SentPostback] = []
        for _ in 0..<repeats { sent += await report() }
        return sent
    }

    /// The campaign `wrong-campaign` names: another declared campaign, else one that does not exist.
    private var otherCampaignID: String {
        scenario.campaigns.first { $0.id != step.campaignID }?.id ?? step.campaignID + "0"
    }

    /// The payout `bad-payout` sends: the step's (or campaign's) payout with a decimal comma.
    private var badPayout: String {
        let payout = step.payout ?? scenario.campaign(id: step.campaignID)?.payout.description ?? "1.20"
        return payout.contains(".") ? payout.replacing(".", with: ",") : payout + ",00"
    }
}
