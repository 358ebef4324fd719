import Foundation
import PostbackCore
import Receiver
import Trackers
import Yams

extension ScenarioDecoder {
    func decodeTrackers(_ node: Node) {
        guard let items = reader.sequence(node, "trackers") else { return }
        for (index, item) in items.enumerated() {
            guard let map = reader.mapping(item, "trackers[\(index)]", allowed: Self.trackerKeys) else { continue }
            let nameNode = map.required("name")
            let name = nameNode.flatMap { reader.string($0, "name") }
            if let name, let nameNode {
                if declaredTrackerNames.contains(name) {
                    reader.error("tracker '\(name)' is declared twice", at: nameNode.mark)
                }
                declaredTrackerNames.append(name)
            }
            let profileNode = map.required("profile")
            let reference = profileNode.flatMap { reader.string($0, "profile") }
            var resolved: (profile: TrackerProfile, path: String?)?
            if let profileNode, let reference { resolved = resolveProfile(reference, at: profileNode) }
            var templates: [String] = []
            if let node = map.optional("postback"), let template = reader.string(node, "postback") {
                templates.append(template)
            }
            if let node = map.optional("postbacks"), let list = reader.stringList(node, "postbacks") {
                templates.append(contentsOf: list)
            }
            var eventTemplates: [String] = []
            if let node = map.optional("event_postback"), let template = reader.string(node, "event_postback") {
                eventTemplates.append(template)
            }
            if let node = map.optional("event_postbacks"), let list = reader.stringList(node, "event_postbacks") {
                eventTemplates.append(contentsOf: list)
            }
            var eventMapping: [String: String] = [:]
            if let node = map.optional("event_mapping"), let pairs = reader.freeMapping(node, "event_mapping") {
                for pair in pairs {
                    if let value = reader.string(pair.value, "event_mapping.\(pair.key)") {
                        eventMapping[pair.key] = value
                    }
                }
            }
            let timeout = map.optional("timeout").flatMap { reader.duration($0, "timeout") }
            let clickParameter = map.optional("click_param").flatMap { reader.string($0, "click_param") }
            let campaignNode = map.optional("campaign")
            let campaign = campaignNode.flatMap { reader.string($0, "campaign") }
            guard let name, var profile = resolved?.profile, let reference else { continue }
            if let clickParameter { profile.clickParameter = clickParameter }
            for key in TrackerProfile.postbackKeys {
                guard let keyNode = map.keyNode(key),
                    let problem = profile.problem(configuringPostbackKey: key, trackerName: name)
                else { continue }
                reader.error(problem, at: keyNode.mark)
            }
            if templates.isEmpty { templates = profile.postbacks }
            if templates.isEmpty, let problem = profile.problemWithoutPostback(trackerName: name) {
                reader.error(problem, at: map.mark)
                continue
            }
            let tracker = ScenarioTracker(
                name: name, profile: profile, profileReference: reference, profilePath: resolved?.path,
                postbacks: templates, campaignID: campaign ?? inferredCampaign(from: templates),
                location: reader.location(item.mark), eventPostbacks: eventTemplates, eventMapping: eventMapping,
                timeout: timeout)
            trackers.append((tracker, item, campaign == nil ? nil : campaignNode))
        }
    }

    /// The declared campaign the first template's `campaign_id` names, else the only campaign.
    private func inferredCampaign(from templates: [String]) -> String? {
        if let first = templates.first,
            let id = ClickCapture(parameter: "campaign_id").clickID(fromTrackingURL: first), campaignIDs.contains(id)
        {
            return id
        }
        return campaignIDs.count == 1 ? campaignIDs[0] : nil
    }

    private func resolveProfile(_ reference: String, at node: Node) -> (TrackerProfile, String?)? {
        switch profiles.resolve(reference, from: fileURL) {
        case .builtIn(let profile):
            return (profile, nil)
        case .file(let path, .success(let profile)):
            return (profile, path)
        case .file(let path, .failure(let errors)):
            let count = errors.errors.count
            let first = errors.errors.first.map { " at \($0.file):\($0.line):\($0.column)" } ?? ""
            reader.error(
                "profile file '\(path)' has \(count == 1 ? "an error" : "\(count) errors, the first")\(first)",
                at: node.mark)
            for error in errors.errors where !profileErrors.contains(error) { profileErrors.append(error) }
            return nil
        case .notFound(let searched, let names):
            var message =
                "unknown profile '\(reference)' (expected \(TrackerProfile.knownNames.joined(separator: ", ")) or a profile file"
            if !searched.isEmpty { message += "; looked for \(searched.joined(separator: ", "))" }
            message += ")"
            if let nearest = NearestName.find(ProfileResolver.stem(of: reference), in: names) {
                message += "; did you mean '\(nearest)'?"
            }
            reader.error(message, at: node.mark)
            return nil
        }
    }

    func decodeTraffic(_ node: Node) {
        guard let items = reader.sequence(node, "traffic") else { return }
        for (index, item) in items.enumerated() {
            guard let map = reader.mapping(item, "traffic[\(index)]", allowed: Self.trafficKeys) else { continue }
            let trackerNode = map.required("tracker")
            let tracker = trackerNode.flatMap { reader.string($0, "tracker") }
            let convert = map.required("convert").flatMap { reader.int($0, "convert") }
            let campaignNode = map.optional("campaign")
            var step = TrafficStep(
                tracker: tracker ?? "", campaignID: campaignNode.flatMap { reader.string($0, "campaign") } ?? "",
                convert: convert ?? 0, location: reader.location(item.mark))
            step.offset = map.optional("offset").flatMap { reader.int($0, "offset") } ?? 0
            step.event = map.optional("event").flatMap { reader.string($0, "event") }
            step.fault = map.optional("fault").flatMap { reader.choice($0, "fault", as: Fault.self) }
            step.count = map.optional("count").flatMap { reader.int($0, "count", in: 1...1_000_000) }
            step.status = map.optional("status").flatMap { reader.string($0, "status") }
            step.payout = map.optional("payout").flatMap { reader.string($0, "payout") }
            step.amount = map.optional("amount").flatMap { reader.string($0, "amount") }
            step.currency = map.optional("currency").flatMap { reader.string($0, "currency") }
            step.txid = map.optional("txid").flatMap { reader.string($0, "txid") }
            if let valuesNode = map.optional("values"), let pairs = reader.freeMapping(valuesNode, "values") {
                for pair in pairs {
                    if let value = reader.string(pair.value, "values.\(pair.key)") { step.values[pair.key] = value }
                }
            }
            // Kept even when `convert` is bad, so that the tracker reference is checked too.
            guard let trackerNode, tracker != nil else { continue }
            traffic.append((step, item, trackerNode, campaignNode))
        }
    }

    /// Checks each step's tracker and campaign, and fills in the campaign when the step does not name one.
    func resolveTraffic() {
        let names = declaredTrackerNames
        for index in traffic.indices {
            let entry = traffic[index]
            guard let tracker = trackers.first(where: { $0.tracker.name == entry.step.tracker })?.tracker else {
                // A declared tracker that failed to decode has had its own errors reported.
                if names.contains(entry.step.tracker) { continue }
                let declared = names.isEmpty ? "none declared" : "declared: \(names.joined(separator: ", "))"
                var message = "unknown tracker '\(entry.step.tracker)' (\(declared))"
                if let nearest = NearestName.find(entry.step.tracker, in: names) {
                    message += "; did you mean '\(nearest)'?"
                }
                reader.error(message, at: entry.tracker.mark)
                continue
            }
            if let fault = entry.step.fault, let why = fault.inapplicability(to: tracker.profile) {
                reader.error(why, at: Self.valueNode("fault", in: entry.node)?.mark ?? entry.node.mark)
            }
            if let campaignNode = entry.campaign {
                checkCampaign(entry.step.campaignID, at: campaignNode, what: "traffic")
            } else if let campaignID = tracker.campaignID {
                traffic[index].step.campaignID = campaignID
            } else {
                reader.error(
                    "cannot tell whose clicks tracker '\(tracker.name)' converts: add 'campaign:' to this step or to the tracker",
                    at: entry.node.mark)
                continue
            }
            checkClicksSuffice(traffic[index].step, number: index + 1, at: entry.node)
        }
    }

    /// Records an error when a step converts more clicks than its campaign's `clicks:` make
    /// (the runner would find out only when it got there).
    private func checkClicksSuffice(_ step: TrafficStep, number: Int, at node: Node) {
        guard campaignIDs.contains(step.campaignID) else { return }
        let made = clicks.filter { $0.batch.campaignID == step.campaignID }.reduce(0) { $0 + $1.batch.count }
        let end = step.offset + step.convert
        guard end > made else { return }
        reader.error(
            "traffic step \(number) converts clicks \(step.offset)..<\(end) of campaign \(step.campaignID), which has only \(made) clicks: add clicks or lower convert",
            at: (Self.valueNode("convert", in: node) ?? node).mark)
    }

    /// The value node of `key` in a mapping node, if present.
    static func valueNode(_ key: String, in node: Node) -> Node? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.first { $0.key.scalar?.string == key }?.value
    }

    /// `receiver:` — faults the receiver injects for the whole scenario: the first `delay_first`
    /// postbacks are recorded and answered `delay` late (1 s unless given); the first
    /// `fail_first` are answered `fail_status` (503 unless given) without being recorded; the
    /// connections of the first `reset_first` are reset without an answer (the receiver down).
    func decodeReceiver(_ node: Node) -> [ReceiverFaults.Rule] {
        guard let map = reader.mapping(node, "receiver", allowed: Self.receiverKeys) else { return [] }
        var rules: [ReceiverFaults.Rule] = []
        let delay = map.optional("delay").flatMap { reader.duration($0, "delay") }
        if let count = map.optional("delay_first").flatMap({ reader.int($0, "delay_first", in: 1...1_000_000) }) {
            rules.append(ReceiverFaults.Rule(action: .delayAnswer(delay ?? .seconds(1)), count: count))
        } else if let node = map.keyNode("delay") {
            reader.error("'delay' needs 'delay_first': how many answers to delay", at: node.mark)
        }
        let status = map.optional("fail_status").flatMap { reader.int($0, "fail_status", in: 400...599) }
        if let count = map.optional("fail_first").flatMap({ reader.int($0, "fail_first", in: 1...1_000_000) }) {
            rules.append(ReceiverFaults.Rule(action: .refuse(status: status ?? 503), count: count))
        } else if let node = map.keyNode("fail_status") {
            reader.error("'fail_status' needs 'fail_first': how many answers fail", at: node.mark)
        }
        if let count = map.optional("reset_first").flatMap({ reader.int($0, "reset_first", in: 1...1_000_000) }) {
            rules.append(ReceiverFaults.Rule(action: .resetConnection, count: count))
        }
        return rules
    }
}
