import PostbackCore

/// The campaign ids of one scenario run against a shared receiver: each declared id gets the
/// run's prefix (`r<runID>-<n>-1234`), so that runs sharing a receiver never see each other's
/// statistics, and every place that names a declared campaign is rewritten the same way.
///
/// Rewritten: the campaigns' ids, click batches, traffic steps, trackers' campaigns,
/// expectations, and every `campaign_id=<declared id>` in the postback templates and tracking
/// links — plain, percent-encoded (`campaign_id%3D…`) or encoded twice (`%253D`). A
/// `campaign_id` naming a campaign the scenario does not declare is left as it is.
/// Ids stay within `[A-Za-z0-9_-]{1,64}`: a declared id too long for the prefix is replaced
/// by the prefix and a hash of it.
struct CampaignNamespace: Sendable {
    let prefix: String
    private(set) var namespaced: [String: String] = [:]
    private var originals: [String: String] = [:]

    init(prefix: String, campaignIDs: [String]) {
        self.prefix = prefix
        for id in campaignIDs where namespaced[id] == nil {
            var candidate = prefix + id
            if candidate.utf8.count > 64 {
                candidate = prefix + String(Self.fnv1a(id), radix: 16)
            }
            var suffix = 2
            let base = candidate
            while originals[candidate] != nil {
                candidate = base + "-\(suffix)"
                suffix += 1
            }
            namespaced[id] = candidate
            originals[candidate] = id
        }
    }

    /// The namespaced id of a declared campaign; any other id unchanged.
    func id(for original: String) -> String { namespaced[original] ?? original }

    /// The declared id behind a namespaced one; any other id unchanged.
    func original(for id: String) -> String { originals[id] ?? id }

    /// The scenario with every declared campaign id namespaced.
    func apply(to scenario: Scenario) -> Scenario {
        var copy = scenario
        copy.campaigns = scenario.campaigns.map { campaign in
            var campaign = campaign
            campaign.id = id(for: campaign.id)
            campaign.trackingLink = campaign.trackingLink.map(rewrite)
            return campaign
        }
        copy.clicks = scenario.clicks.map { batch in
            var batch = batch
            batch.campaignID = id(for: batch.campaignID)
            return batch
        }
        copy.trackers = scenario.trackers.map { tracker in
            var tracker = tracker
            tracker.postbacks = tracker.postbacks.map(rewrite)
            tracker.eventPostbacks = tracker.eventPostbacks.map(rewrite)
            tracker.profile.postbacks = tracker.profile.postbacks.map(rewrite)
            tracker.campaignID = tracker.campaignID.map { id(for: $0) }
            return tracker
        }
        copy.traffic = scenario.traffic.map { step in
            var step = step
            step.campaignID = id(for: step.campaignID)
            return step
        }
        copy.expectations = scenario.expectations.map { expectation in
            var expectation = expectation
            expectation.campaignID = id(for: expectation.campaignID)
            return expectation
        }
        return copy
    }

    /// `text` with each `campaign_id=<declared id>` (plain or percent-encoded once or twice)
    /// naming the namespaced id.
    func rewrite(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let name = Array("campaign_id".utf8)
        let separators = ["=", "%3D", "%3d", "%253D", "%253d"].map { Array($0.utf8) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 32)
        var index = 0
        while index < bytes.count {
            guard bytes[index...].starts(with: name), Self.startsName(bytes, at: index) else {
                output.append(bytes[index])
                index += 1
                continue
            }
            var cursor = index + name.count
            guard let separator = separators.first(where: { bytes[cursor...].starts(with: $0) }) else {
                output.append(contentsOf: name)
                index = cursor
                continue
            }
            cursor += separator.count
            var end = cursor
            while end < bytes.count, Self.isIDByte(bytes[end]) { end += 1 }
            output.append(contentsOf: bytes[index..<cursor])
            let value = String(decoding: bytes[cursor..<end], as: UTF8.self)
            output.append(contentsOf: Array(id(for: value).utf8))
            index = end
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether a parameter name may start at `index`: at the start, after a byte that cannot
    /// be part of a name (`?`, `&`, `;`, …), or after a percent-encoded one (`%3F`, `%26`).
    private static func startsName(_ bytes: [UInt8], at index: Int) -> Bool {
        index == 0 || !isNameByte(bytes[index - 1]) || (index >= 3 && bytes[index - 3] == UInt8(ascii: "%"))
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        isNameByte(byte) || byte == UInt8(ascii: "-")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == UInt8(ascii: "_")
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
