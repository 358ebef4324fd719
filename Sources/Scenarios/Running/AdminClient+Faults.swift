import Curl
import Foundation
import Receiver

extension AdminClient {
    /// Arms `rule` on the receiver through `POST /api/faults`; returns its id.
    ///
    /// - Throws: ``RunnerError`` when the receiver refuses it or has no fault API (a receiver
    ///   started without `--faults`).
    func armFault(_ rule: ReceiverFaults.Rule) async throws -> Int {
        let body = try JSONEncoder().encode(rule)
        let response = try await client.send(
            CurlRequest(
                method: "POST", url: "\(baseURL)/api/faults",
                headers: authHeaders + [HTTPHeader("Content-Type", "application/json")], body: Array(body),
                caFile: caFile))
        guard response.status == 201, let id = ReceiverJSONDecoding.faultID(from: response.body) else {
            throw RunnerError(
                message:
                    "arming a receiver fault failed: POST /api/faults answered HTTP \(response.status) \(response.bodyText)"
                    + (response.status == 404 ? " (start the receiver with `serve --faults`)" : ""))
        }
        return id
    }

    /// Disarms the fault rule `id` through `DELETE /api/faults/{id}`; a rule already gone is fine.
    func disarmFault(_ id: Int) async throws {
        let response = try await client.send(
            CurlRequest(method: "DELETE", url: "\(baseURL)/api/faults/\(id)", headers: authHeaders, caFile: caFile))
        guard response.status == 204 || response.status == 404 else {
            throw RunnerError(
                message: "disarming receiver fault \(id) failed: HTTP \(response.status) \(response.bodyText)")
        }
    }

    /// Whether the receiver offers `/api/faults` (`GET` answers 200).
    func offersFaults() async throws -> Bool {
        let response = try await client.send(
            CurlRequest(url: "\(baseURL)/api/faults", headers: authHeaders, caFile: caFile))
        return response.status == 200
    }
}
