import Curl
import Foundation
import Testing

/// Talks to a receiver through the project's libcurl client: admin calls (campaigns, clicks,
/// stats, the postback log) and postbacks.
struct AdminClient: Sendable {
    let client: CurlClient
    let baseURL: String
    var token: String?

    init(client: CurlClient, baseURL: String, token: String? = nil) {
        self.client = client
        self.baseURL = baseURL
        self.token = token
    }

    func send(_ method: String, _ target: String, json: String? = nil, headers: [HTTPHeader] = []) async throws
        -> CurlResponse
    {
        var headers = headers
        if json != nil { headers.append(HTTPHeader("Content-Type", "application/json")) }
        if let token { headers.append(HTTPHeader("Authorization", "Bearer \(token)")) }
        return try await client.send(
            CurlRequest(
                method: method, url: baseURL + target, headers: headers, body: json.map { Array($0.utf8) },
                timeout: .seconds(30)))
    }

    /// A postback answer: the HTTP status and the verdict's fields.
    struct Answer: Sendable, CustomStringConvertible {
        var status: Int
        var result: String?
        var reason: String?
        var conversionID: String?
        var message: String?

        var description: String {
            "HTTP \(status) \(result ?? "-") \(reason ?? "-") \(conversionID ?? "-") \(message ?? "")"
        }
    }

    /// `GET /postback/advertiser?…` and the parsed answer.
    func postback(_ query: String, headers: [HTTPHeader] = []) async throws -> Answer {
        let response = try await client.send(
            CurlRequest(
                method: "GET", url: baseURL + "/postback/advertiser?" + query, headers: headers,
                timeout: .seconds(30)))
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return Answer(
            status: response.status, result: object["result"] as? String, reason: object["reason"] as? String,
            conversionID: object["conversion_id"] as? String, message: object["message"] as? String)
    }

    func putCampaign(_ id: String, _ json: String) async throws {
        let response = try await send("PUT", "/api/campaigns/\(id)", json: json)
        try #require((200...201).contains(response.status), "PUT \(id): \(response.status) \(response.bodyText)")
    }

    func addClicks(_ campaign: String, _ ids: [String]) async throws {
        let data = try JSONSerialization.data(withJSONObject: ["click_ids": ids])
        let response = try await send(
            "POST", "/api/campaigns/\(campaign)/clicks", json: String(decoding: data, as: UTF8.self))
        try #require(response.status == 201, "clicks for \(campaign): \(response.status) \(response.bodyText)")
    }

    /// `GET /api/campaigns/{id}/stats` as a JSON object.
    func stats(_ campaign: String) async throws -> [String: Any] {
        let response = try await send("GET", "/api/campaigns/\(campaign)/stats")
        try #require(response.status == 200, "stats of \(campaign): \(response.status) \(response.bodyText)")
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    /// `GET /api/postbacks?…` as JSON objects, newest first.
    func postbacks(_ query: String) async throws -> [[String: Any]] {
        let response = try await send("GET", "/api/postbacks?" + query)
        try #require(response.status == 200, "postbacks: \(response.status) \(response.bodyText)")
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]])
    }
}
