import Foundation
import PostbackCore
import Trackers
import Yams

/// Walks one scenario file's node tree, building a ``Scenario`` and recording every error.
final class ScenarioDecoder {
    static let campaignKeys = [
        "id", "status", "type", "payout", "events", "token", "conversion_window_days", "default_conversion_status",
        "tracking_link", "dedup",
    ]
    static let clickKeys = ["campaign", "count", "age"]
    static let trackerKeys = [
        "name", "profile", "click_param", "postback", "postbacks", "event_postback", "event_postbacks",
        "event_mapping", "timeout", "campaign",
    ]
    static let receiverKeys = ["delay_first", "delay", "fail_first", "fail_status", "reset_first"]
    static let trafficKeys = [
        "tracker", "campaign", "convert", "offset", "event", "fault", "count", "status", "payout", "amount",
        "currency", "txid", "values",
    ]
    static let expectKeys = [
        "clicks", "conversions", "conversions_by_status", "duplicates", "status_updates", "rejected", "payout_total",
        "conversion_rate",
    ]

    let reader: YAMLReader
    let fileURL: URL
    let profiles: ProfileResolver
    /// Errors of profile files the scenario uses, in the order met.
    var profileErrors: [ScenarioFileError] = []

    /// A decoded value with the node it came from, for cross-reference errors.
    struct Positioned<Value> {
        var value: Value
        var node: Node
    }

    var campaigns: [Positioned<Campaign>] = []
    var clicks: [(batch: ClickBatch, campaign: Node)] = []
    var trackers: [(tracker: ScenarioTracker, node: Node, campaign: Node?)] = []
    /// Every tracker name declared, including trackers that failed to decode (whose steps are
    /// then not reported again as naming an unknown tracker).
    var declaredTrackerNames: [String] = []
    var traffic: [(step: TrafficStep, node: Node, tracker: Node, campaign: Node?)] = []
    var expectations: [(expectation: CampaignExpectation, key: Node)] = []

    init(reader: YAMLReader, fileURL: URL, profiles: ProfileResolver) {
        self.reader = reader
        self.fileURL = fileURL
        self.profiles = profiles
    }

    func decode() -> ScenarioCheck {
        guard let root = reader.root(), let top = reader.mapping(root, "scenario", allowed: ScenarioLoader.keys) else {
            return finish(nil)
        }
        let name = top.required("name").flatMap { reader.string($0, "name") }
        let tags = top.optional("tags").flatMap { reader.stringList($0, "tags") } ?? []
        if let node = top.optional("campaigns") { decodeCampaigns(node) }
        if let node = top.optional("clicks") { decodeClicks(node) }
        if let node = top.optional("trackers") { decodeTrackers(node) }
        if let node = top.optional("traffic") { decodeTraffic(node) }
        var timeScale: Double?
        if let node = top.optional("time_scale"), let value = reader.double(node, "time_scale", in: 0...1) {
            if value > 0 {
                timeScale = value
            } else {
                reader.error("'time_scale' must be greater than 0, found \(value)", at: node.mark)
            }
        }
        let seed = top.optional("seed").flatMap { reader.int($0, "seed") }.map { UInt64($0) }
        let receiverFaults = top.optional("receiver").map(decodeReceiver) ?? []
        if let node = top.optional("expect") { decodeExpectations(node) }
        checkReferences()
        var scenario = Scenario(
            name: name ?? "", tags: tags, file: reader.file, campaigns: campaigns.map(\.value),
            clicks: clicks.map(\.batch), trackers: trackers.map(\.tracker), traffic: traffic.map(\.step),
            timeScale: timeScale, seed: seed, expectations: expectations.map(\.expectation))
        scenario.receiverFaults = receiverFaults
        return finish(scenario)
    }

    private func finish(_ scenario: Scenario?) -> ScenarioCheck {
        let errors = reader.sortedErrors + profileErrors
        return ScenarioCheck(scenario: errors.isEmpty ? scenario : nil, errors: errors)
    }

    // MARK: Campaigns and clicks

    func decodeCampaigns(_ node: Node) {
        guard let items = reader.sequence(node, "campaigns") else { return }
        for (index, item) in items.enumerated() {
            guard let map = reader.mapping(item, "campaigns[\(index)]", allowed: Self.campaignKeys) else { continue }
            guard let idNode = map.required("id"), let id = reader.string(idNode, "id") else { continue }
            if !Campaign.isValidID(id) {
                reader.error(
                    "campaign id '\(id)' must be 1–64 characters of A–Z, a–z, 0–9, '_' or '-'", at: idNode.mark)
            }
            if campaigns.contains(where: { $0.value.id == id }) {
                reader.error("campaign '\(id)' is declared twice", at: idNode.mark)
            }
            var campaign = Campaign(id: id)
            if let value = map.optional("status").flatMap({ reader.choice($0, "status", as: CampaignStatus.self) }) {
                campaign.status = value
            }
            if let value = map.optional("type").flatMap({ reader.choice($0, "type", as: CampaignType.self) }) {
                campaign.type = value
            }
            if let value = map.optional("payout").flatMap({ reader.money($0, "payout") }) { campaign.payout = value }
            if let eventsNode = map.optional("events"), let pairs = reader.freeMapping(eventsNode, "events") {
                var events: [String: Money] = [:]
                for pair in pairs {
                    if let money = reader.money(pair.value, "events.\(pair.key)") { events[pair.key] = money }
                }
                campaign.events = events
            }
            if let node = map.optional("token") { campaign.token = reader.string(node, "token") }
            if let value = map.optional("conversion_window_days").flatMap({
                reader.int($0, "conversion_window_days", in: 1...36500)
            }) {
                campaign.conversionWindowDays = value
            }
            if let value = map.optional("default_conversion_status").flatMap({
                reader.choice($0, "default_conversion_status", as: ConversionStatus.self)
            }) {
                campaign.defaultConversionStatus = value
            }
            if let node = map.optional("tracking_link") { campaign.trackingLink = reader.string(node, "tracking_link") }
            if let value = map.optional("dedup").flatMap({ reader.choice($0, "dedup", as: DedupMode.self) }) {
                campaign.dedup = value
            }
            campaigns.append(Positioned(value: campaign, node: item))
        }
    }

    private func decodeClicks(_ node: Node) {
        guard let items = reader.sequence(node, "clicks") else { return }
        for (index, item) in items.enumerated() {
            guard let map = reader.mapping(item, "clicks[\(index)]", allowed: Self.clickKeys) else { continue }
            let campaignNode = map.required("campaign")
            let campaign = campaignNode.flatMap { reader.string($0, "campaign") }
            let count = map.required("count").flatMap { reader.int($0, "count") }
            let age = map.optional("age").flatMap { reader.duration($0, "age") }
            // Kept even when `count` is bad, so that the campaign reference is checked too.
            guard let campaignNode, let campaign else { continue }
            let batch = ClickBatch(
                campaignID: campaign, count: count ?? 0, age: age, location: reader.location(item.mark))
            clicks.append((batch, campaignNode))
        }
    }

    // MARK: Cross references

    /// Declared campaign ids, in file order.
    var campaignIDs: [String] { campaigns.map(\.value.id) }

    /// Records an error when `id` names no declared campaign.
    func checkCampaign(_ id: String, at node: Node, what: String) {
        guard !campaignIDs.contains(id) else { return }
        let declared = campaignIDs.isEmpty ? "none declared" : "declared: \(campaignIDs.joined(separator: ", "))"
        var message = "unknown campaign '\(id)' in \(what) (\(declared))"
        if let nearest = NearestName.find(id, in: campaignIDs) { message += "; did you mean '\(nearest)'?" }
        reader.error(message, at: node.mark)
    }

    private func checkReferences() {
        for click in clicks { checkCampaign(click.batch.campaignID, at: click.campaign, what: "clicks") }
        for tracker in trackers {
            if let node = tracker.campaign, let id = tracker.tracker.campaignID {
                checkCampaign(id, at: node, what: "trackers")
            }
        }
        resolveTraffic()
        for expectation in expectations {
            checkCampaign(expectation.expectation.campaignID, at: expectation.key, what: "expect")
        }
    }
}
