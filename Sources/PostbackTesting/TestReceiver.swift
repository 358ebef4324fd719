import Curl
import Foundation
import PostbackCore
import Receiver
import Store

/// A live receiver for tests: a real receiver on 127.0.0.1 port 0 over an in-memory SQLite
/// store, and the project's libcurl client to talk to it (made by ``withTestReceiver``).
public struct TestReceiver: Sendable {
    public let running: RunningReceiver
    public let client: CurlClient
    /// The admin token the receiver was started with, sent by ``admin(_:_:json:token:)``.
    public let adminToken: String?

    /// `http://127.0.0.1:PORT` of the plain listener.
    public var baseURL: String { running.baseURL }

    /// A call that did not get the answer a set-up step needs.
    public struct UnexpectedAnswer: Error, CustomStringConvertible {
        public let description: String
    }

    /// Sends a request to the receiver's plain port (20 s timeout).
    ///
    /// - Throws: the client's error when there is no answer.
    public func send(
        _ method: String, _ target: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil
    ) async throws -> CurlResponse {
        try await client.send(
            CurlRequest(method: method, url: baseURL + target, headers: headers, body: body, timeout: .seconds(20)))
    }

    /// `GET target`.
    public func get(_ target: String) async throws -> CurlResponse {
        try await send("GET", target)
    }

    /// An admin API call with the configured token (or `token` when given) and a JSON body.
    public func admin(_ method: String, _ target: String, json: String? = nil, token: String?? = nil) async throws
        -> CurlResponse
    {
        var headers: [HTTPHeader] = []
        if json != nil { headers.append(HTTPHeader("Content-Type", "application/json")) }
        if let bearer = token ?? adminToken { headers.append(HTTPHeader("Authorization", "Bearer \(bearer)")) }
        return try await send(method, target, headers: headers, body: json.map { Array($0.utf8) })
    }

    /// Creates a campaign through `PUT /api/campaigns/{id}`.
    ///
    /// - Throws: ``UnexpectedAnswer`` with the status and body when it is not 200 or 201.
    public func putCampaign(_ id: String, _ json: String) async throws {
        let response = try await admin("PUT", "/api/campaigns/\(id)", json: json)
        guard (200...201).contains(response.status) else {
            throw UnexpectedAnswer(description: "PUT \(id): \(response.status) \(response.bodyText)")
        }
    }

    /// Records clicks with given ids through `POST /api/campaigns/{id}/clicks`.
    ///
    /// - Throws: ``UnexpectedAnswer`` with the status and body when it is not 201.
    public func addClicks(_ campaign: String, _ ids: [String], createdAt: Date? = nil) async throws {
        var body: [String: Any] = ["click_ids": ids]
        if let createdAt { body["created_at"] = ISO8601DateFormatter().string(from: createdAt) }
        let data = try JSONSerialization.data(withJSONObject: body)
        let response = try await admin(
            "POST", "/api/campaigns/\(campaign)/clicks", json: String(decoding: data, as: UTF8.self))
        guard response.status == 201 else {
            throw UnexpectedAnswer(description: "clicks for \(campaign): \(response.status) \(response.bodyText)")
        }
    }
}

/// Runs `body` with a fresh receiver (in-memory SQLite, port 0) and client; both are shut down
/// afterwards, whether `body` returns or throws.
///
/// - Throws: the receiver's error when it cannot start; otherwise what `body` throws.
public func withTestReceiver<T: Sendable>(
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
public struct JSONBody {
    public let value: Any

    /// - Throws: `JSONSerialization`'s error when the body is not JSON.
    public init(_ response: CurlResponse) throws {
        value = try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
    }

    public var object: NSDictionary? { value as? NSDictionary }
    public var array: [NSDictionary]? { value as? [NSDictionary] }
    public var keys: Set<String> { Set((object?.allKeys as? [String]) ?? []) }

    public subscript(key: String) -> Any? { object?[key] }
    public func string(_ key: String) -> String? { object?[key] as? String }
    public func int(_ key: String) -> Int? { (object?[key] as? NSNumber)?.intValue }
    public func isNull(_ key: String) -> Bool { object?[key] is NSNull }
}
