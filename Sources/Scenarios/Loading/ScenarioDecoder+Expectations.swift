import PostbackCore
import Trackers
import Yams

extension ScenarioDecoder {
    func decodeExpectations(_ node: Node) {
        guard let pairs = reader.freeMapping(node, "expect") else { return }
        for pair in pairs {
            guard let map = reader.mapping(pair.value, "expect.\(pair.key)", allowed: Self.expectKeys) else { continue }
            var expectation = CampaignExpectation(campaignID: pair.key, location: reader.location(pair.keyNode.mark))
            func count(_ key: String, path: String? = nil, in map: YAMLMapping = map) -> Int? {
                guard let node = map.optional(key), let value = reader.int(node, key) else { return nil }
                expectation.fieldLocations[path ?? key] = reader.location(node.mark)
                return value
            }
            expectation.clicks = count("clicks")
            expectation.conversions = count("conversions")
            expectation.duplicates = count("duplicates")
            expectation.statusUpdates = count("status_updates")
            if let statusNode = map.optional("conversions_by_status"),
                let byStatus = reader.mapping(
                    statusNode, "conversions_by_status", allowed: ConversionStatus.allCases.map(\.rawValue))
            {
                expectation.approved = count("approved", path: "conversions_by_status.approved", in: byStatus)
                expectation.pending = count("pending", path: "conversions_by_status.pending", in: byStatus)
                expectation.declined = count("declined", path: "conversions_by_status.declined", in: byStatus)
            }
            if let rejectedNode = map.optional("rejected"), let reasons = reader.freeMapping(rejectedNode, "rejected") {
                var rejected: [RejectReason: Int] = [:]
                for reason in reasons {
                    guard let value = reader.int(reason.value, "rejected.\(reason.key)") else { continue }
                    guard let known = RejectReason(rawValue: reason.key) else {
                        var message =
                            "unknown reject reason '\(reason.key)' (expected one of: \(RejectReason.allCases.map(\.rawValue).joined(separator: ", ")))"
                        if let nearest = NearestName.find(reason.key, in: RejectReason.allCases.map(\.rawValue)) {
                            message += "; did you mean '\(nearest)'?"
                        }
                        reader.error(message, at: reason.keyNode.mark)
                        continue
                    }
                    rejected[known] = value
                    expectation.fieldLocations["rejected.\(reason.key)"] = reader.location(reason.value.mark)
                }
                expectation.rejected = rejected
                expectation.fieldLocations["rejected"] = reader.location(rejectedNode.mark)
            }
            if let payoutNode = map.optional("payout_total"), let money = reader.money(payoutNode, "payout_total") {
                expectation.payoutTotal = money
                expectation.fieldLocations["payout_total"] = reader.location(payoutNode.mark)
            }
            if let rateNode = map.optional("conversion_rate"),
                reader.double(rateNode, "conversion_rate", in: 0...1_000_000) != nil,
                let text = reader.string(rateNode, "conversion_rate")
            {
                expectation.conversionRate = text
                expectation.fieldLocations["conversion_rate"] = reader.location(rateNode.mark)
            }
            expectations.append((expectation, pair.keyNode))
        }
    }
}
