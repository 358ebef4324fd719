import ArgumentParser
import Curl
import Foundation

/// `postback-bench seed`: creates a `dedup: click_txid` campaign on a running receiver, issues
/// clicks through `POST /api/campaigns/{id}/clicks {"count": N}` and writes their ids, one a
/// line, for the wrk script.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Create a campaign and clicks on a receiver; write the click ids.")

    @Option(help: "The receiver's base URL, e.g. http://127.0.0.1:8080.")
    var base: String

    @Option(help: "Campaign id to create.")
    var campaign: String = "bench"

    @Option(help: "How many clicks to issue (1...1000000).")
    var clicks: Int = 100_000

    @Option(help: "File to write the click ids to.")
    var out: String

    func validate() throws {
        guard (1...1_000_000).contains(clicks) else { throw ValidationError("--clicks must be 1...1000000") }
    }

    func run() async throws {
        let campaignBody = """
            {"id": "\(campaign)", "status": "active", "type": "cpi", "payout": "1.00", "dedup": "click_txid"}
            """
        let ids = try await CurlClient.withClient(maxConnections: 1) { client in
            let put = try await client.send(
                CurlRequest(
                    method: "PUT", url: "\(base)/api/campaigns/\(campaign)",
                    headers: [HTTPHeader("Content-Type", "application/json")], body: Array(campaignBody.utf8)))
            guard (200...299).contains(put.status) else {
                throw ValidationError("creating campaign \(campaign) answered HTTP \(put.status): \(put.bodyText)")
            }
            let post = try await client.send(
                CurlRequest(
                    method: "POST", url: "\(base)/api/campaigns/\(campaign)/clicks",
                    headers: [HTTPHeader("Content-Type", "application/json")],
                    body: Array(#"{"count": \#(clicks)}"#.utf8), timeout: .seconds(300)))
            guard (200...299).contains(post.status) else {
                throw ValidationError(
                    "issuing \(clicks) clicks answered HTTP \(post.status): \(post.bodyText.prefix(300))")
            }
            struct Issued: Decodable {
                let click_ids: [String]
            }
            return try JSONDecoder().decode(Issued.self, from: Data(post.body)).click_ids
        }
        let text = ids.joined(separator: "\n") + "\n"
        guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8)) else {
            throw ValidationError("cannot write the click ids to '\(out)'")
        }
        print("seeded campaign=\(campaign) clicks=\(ids.count) file=\(out)")
    }
}
