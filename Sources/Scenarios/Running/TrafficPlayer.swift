import Foundation
import PostbackCore
import Trackers

/// Plays one `traffic:` step: the step's tracker converts its clicks and sends each postback
/// (to every template it has configured), `count` times, retrying as its profile does.
struct TrafficPlayer: Sendable {
    let scenario: Scenario
    let step: TrafficStep
    let index: Int
    let sender: PostbackSender
    let concurrency: Int

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
        if let fault = step.fault {
            throw RunnerError(message: "\(locationPrefix)fault '\(fault.rawValue)' is not supported by this runner yet")
        }
        let converting = step.convert
        let offset = step.offset
        let repeats = max(1, step.count ?? 1)
        let keptPerStep = ledger.keptPerStep
        var kept: [(Int, [SentPostback])] = []
        await withTaskGroup(of: (Int, [SentPostback]).self) { group in
            var next = 0
            func start(_ position: Int) {
                let click = clicks[offset + position]
                group.addTask {
                    (position, await self.convert(click: click, position: position, tracker: tracker, repeats: repeats))
                }
            }
            while next < min(concurrency, converting) {
                start(next)
                next += 1
            }
            while let (position, sends) = await group.next() {
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

    private var locationPrefix: String {
        guard let location = step.location else { return "" }
        return "\(location.file):\(location.line):\(location.column): "
    }

    /// One converting click: fill every configured template, send each `repeats` times in order.
    private func convert(click: IssuedClick, position: Int, tracker: ScenarioTracker, repeats: Int) async
        -> [SentPostback]
    {
        let profile = tracker.profile
        guard profile.sendsPostback(conversionIndex: step.offset + position) else { return [] }
        let clickID = click.captured(by: profile)
        var values = step.conversionValues(clickID: clickID)
        if values.campaignID == nil { values.campaignID = step.campaignID }
        var sent: [SentPostback] = []
        for template in tracker.postbacks {
            let url = profile.fill(template: template, values: values)
            for _ in 0..<repeats {
                let attempts = await sender.send(url, profile: profile)
                sent.append(
                    SentPostback(
                        step: index, stepLocation: step.location, tracker: tracker.name, campaignID: step.campaignID,
                        clickID: clickID, attempts: attempts))
            }
        }
        return sent
    }
}
