import Curl
import Foundation
import PostbackCore
import PostbackTesting
import Receiver
import Store
import Testing
import Trackers

/// A real receiver (plain and TLS, on 127.0.0.1 port 0) with a tracker sender routed to it, for
/// reading back exactly what a tracker put on the wire.
struct WireReceiver: Sendable {
    let running: RunningReceiver
    let client: CurlClient
    let sender: PostbackSender

    /// Creates `campaign` (JSON) and makes one click through `GET /click/{id}`: the redirect's
    /// `Location` and the issued click id.
    func click(campaignID: String, campaignJSON: String) async throws -> (location: String, clickID: String) {
        let put = try await client.send(
            CurlRequest(
                method: "PUT", url: "\(running.baseURL)/api/campaigns/\(campaignID)",
                headers: [HTTPHeader("Content-Type", "application/json")], body: Array(campaignJSON.utf8)))
        try #require((200...201).contains(put.status), "PUT: \(put.status) \(put.bodyText)")
        let click = try await client.send(CurlRequest(url: "\(running.baseURL)/click/\(campaignID)"))
        try #require(click.status == 302, "click: \(click.status) \(click.bodyText)")
        let location = try #require(click.redirectLocation)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(click.body)) as? [String: Any])
        let clickID = try #require(json["click_id"] as? String)
        return (location, clickID)
    }

    /// The newest postback log entries of `campaignID`: `method`, `url`, `user_agent`, `result`.
    func log(campaignID: String) async throws -> [[String: Any]] {
        let response = try await client.send(
            CurlRequest(url: "\(running.baseURL)/api/postbacks?campaign_id=\(campaignID)"))
        try #require(response.status == 200)
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]])
    }
}

/// Runs `body` with a fresh receiver (injecting `faults`, when given; judging with `rules`) and a
/// sender routed to it; all shut down afterwards.
func withWireReceiver<T: Sendable>(
    faults: ReceiverFaults? = nil, rules: PostbackRules = PostbackRules(), _ body: (WireReceiver) async throws -> T
) async throws -> T {
    let tls = PackageRoot.url.appendingPathComponent("fixtures/tls")
    var configuration = ReceiverConfiguration(faults: faults)
    configuration.tls = .init(
        certificateChain: tls.appendingPathComponent("server.pem").path,
        privateKey: tls.appendingPathComponent("server-key.pem").path)
    let store = try SQLitePostbackStore(path: nil, rules: rules)
    return try await withReceiver(configuration: configuration, store: store, clickIDs: ClickIDGenerator(seed: 7)) {
        running in
        try await CurlClient.withClient { client in
            let route = PostbackRoute(
                httpPort: running.port, httpsPort: running.tlsPort,
                caFile: tls.appendingPathComponent("ca.pem").path)
            let sender = PostbackSender(client: client, route: route, timeScale: 0.000_01)
            return try await body(WireReceiver(running: running, client: client, sender: sender))
        }
    }
}
