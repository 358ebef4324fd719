import Curl
import Foundation
import PostbackCore
import Receiver
import Store
import Testing

/// A real receiver on 127.0.0.1 port 0 over an in-memory SQLite store, and the project's libcurl
/// client to talk to it.
struct TestReceiver: Sendable {
    let running: RunningReceiver
    let client: CurlClient
    let adminToken: String?

    var baseURL: String { running.baseURL }

    /// Sends a request to the receiver's plain port.
    func send(
        _ method: String, _ target: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil
    ) async throws -> CurlResponse {
        try await client.send(
            CurlRequest(method: method, url: baseURL + target, headers: headers, body: body, timeout: .seconds(20)))
    }

    func get(_ target: String) async throws -> CurlResponse {
        try await send("GET", target)
    }

    /// An admin API call with the configured token (or `token` when given) and a JSON body.
    func admin(_ method: String, _ target: String, json: String? = nil, token: String?? = nil) async throws
        -> CurlResponse
    {
        var headers: [HTTPHeader] = []
        if json != nil { headers.append(HTTPHeader("Content-Type", "application/json")) }
        if let bearer = token ?? adminToken { headers.append(HTTPHeader("Authorization", "Bearer \(bearer)")) }
        return try await send(method, target, headers: headers, body: json.map { Array($0.utf8) })
    }

    /// Creates a campaign through `PUT /api/campaigns/{id}` and checks it was accepted.
    func putCampaign(_ id: String, _ json: String) async throws {
        let response = try await admin("PUT", "/api/campaigns/\(id)", json: json)
        try #require((200...201).contains(response.status), "PUT \(id): \(response.status) \(response.bodyText)")
    }

    /// Records clicks with given ids through `POST /api/campaigns/{id}/clicks`.
    func addClicks(_ campaign: String, _ ids: [String], createdAt: Date? = nil) async throws {
        var body: [String: Any] = ["click_ids": ids]
        if let createdAt { body["created_at"] = ISO8601DateFormatter().string(from: createdAt) }
        let data = try JSONSerialization.data(withJSONObject: body)
        let response = try await admin(
            "POST", "/api/campaigns/\(campaign)/clicks", json: String(decoding: data, as: UTF8.self))
        try #require(response.status == 201, "clicks for \(campaign): \(response.status) \(response.bodyText)")
    }

    /// Checks that the receiver still answers `GET /healthz`.
    func expectServing(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let health = try await get("/healthz")
        #expect(health.status == 200, sourceLocation: sourceLocation)
        #expect(try JSONBody(health).object == ["status": "ok"] as NSDictionary, sourceLocation: sourceLocation)
    }
}

/// Runs `body` with a fresh receiver and client; everything is shut down afterwards.
func withTestReceiver<T: Sendable>(
    configuration: ReceiverConfiguration = ReceiverConfiguration(),
    clock: @escaping @Sendable () -> Date = { Date() },
    _ body: (TestReceiver) async throws -> T
) async throws -> T {
    let store = try SQLitePostbackStore(path: nil)
    return try await withReceiver(configuration: configuration, store: store, clock: clock) { running in
        try await CurlClient.withClient { client in
            try await body(TestReceiver(running: running, client: client, adminToken: configuration.adminToken))
        }
    }
}

/// A JSON answer, parsed without any Codable type so that the exact field names are checked.
struct JSONBody {
    let value: Any

    init(_ response: CurlResponse) throws {
        value = try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
    }

    var object: NSDictionary? { value as? NSDictionary }
    var array: [NSDictionary]? { value as? [NSDictionary] }
    var keys: Set<String> { Set((object?.allKeys as? [String]) ?? []) }

    subscript(key: String) -> Any? { object?[key] }
    func string(_ key: String) -> String? { object?[key] as? String }
    func int(_ key: String) -> Int? { (object?[key] as? NSNumber)?.intValue }
    func isNull(_ key: String) -> Bool { object?[key] is NSNull }
}

/// The exact keys of a postback answer (DESIGN §3).
let verdictKeys: Set<String> = ["result", "reason", "conversion_id", "message"]
/// The exact keys of an API error.
let errorKeys: Set<String> = ["error", "message"]
