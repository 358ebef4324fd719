import Foundation
import PostbackCore
import Trackers
import Yams

/// Reads `--campaigns FILE`: the scenario's `campaigns:` shape, either under a `campaigns:` key
/// or as a bare list, with every error at file:line:column.
public enum CampaignsFile {
    public static func load(path: String) throws(ReplayInputError) -> [Campaign] {
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
        return decoder.campaigns.map(\.value)
    }
}
