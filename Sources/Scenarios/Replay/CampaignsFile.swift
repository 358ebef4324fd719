import Foundation
import PostbackCore
import Trackers
import Yams

/// Reads `--campaigns FILE`: the scenario's `campaigns:` shape, either under a `campaigns:` key
/// or as a bare list, with every error at file:line:column.
public enum CampaignsFile {
    /// The campaigns, and their payouts (event payouts included) as the file writes them.
    public static func load(path: String) throws(ReplayInputError) -> (campaigns: [Campaign], writtenAmounts: [String])
    {
        let reader: YAMLReader
        switch YAMLReader.read(URL(fileURLWithPath: path), displayPath: path) {
        case .failure(let error): throw ReplayInputError(error.description)
        case .success(let read): reader = read
        }
        let decoder = ScenarioDecoder(
            reader: reader, fileURL: URL(fileURLWithPath: path), profiles: ProfileResolver(extraDirectories: []))
        if let root = reader.root() {
            if root.sequence != nil {
                decoder.decodeCampaigns(root)
            } else if let map = reader.mapping(root, "campaigns file", allowed: ["campaigns"]),
                let node = map.required("campaigns")
            {
                decoder.decodeCampaigns(node)
            }
        }
        if reader.hasErrors {
            throw ReplayInputError(reader.sortedErrors.map(\.description).joined(separator: "\n"))
        }
        return (decoder.campaigns.map(\.value), reader.root().map(writtenAmounts) ?? [])
    }

    /// The scalars under `payout` keys and in `events` maps, anywhere under `node`.
    static func writtenAmounts(_ node: Node) -> [String] {
        if let sequence = node.sequence { return sequence.flatMap(writtenAmounts) }
        guard let mapping = node.mapping else { return [] }
        return mapping.flatMap { key, value -> [String] in
            switch key.string {
            case "payout": value.string.map { [$0] } ?? []
            case "events": value.mapping?.compactMap { $0.value.string } ?? []
            default: writtenAmounts(value)
            }
        }
    }
}
