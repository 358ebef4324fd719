import Hummingbird

/// An error answer of the receiver's HTTP API: `{"error": "<code>", "message": "<sentence>"}`,
/// plus `"field"` when one input field is to blame.
struct APIError: HTTPResponseError, Encodable {
    let status: HTTPResponse.Status
    let error: String
    let message: String
    let field: String?
    var headers: HTTPFields = [:]

    enum CodingKeys: String, CodingKey {
        case error, message, field
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(error, forKey: .error)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(field, forKey: .field)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        ReceiverJSON.response(self, status: status, headers: headers)
    }

    static func invalidField(_ field: String, _ message: String) -> APIError {
        APIError(status: .badRequest, error: "invalid_field", message: message, field: field)
    }

    static func invalidJSON(_ message: String) -> APIError {
        APIError(status: .badRequest, error: "invalid_json", message: message, field: nil)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, error: "not_found", message: message, field: nil)
    }

    static func unknownCampaign(_ id: String) -> APIError {
        APIError(status: .notFound, error: "unknown_campaign", message: "campaign '\(id)' does not exist", field: nil)
    }

    static func duplicateClick(_ message: String) -> APIError {
        APIError(status: .conflict, error: "duplicate_click", message: message, field: "click_ids")
    }

    static func unauthorized(_ message: String) -> APIError {
        APIError(
            status: .unauthorized, error: "unauthorized", message: message, field: nil,
            headers: [.wwwAuthenticate: #"Bearer realm="postback-harness""#])
    }

    static func methodNotAllowed(_ method: String, path: String, allowed: String) -> APIError {
        APIError(
            status: .methodNotAllowed, error: "method_not_allowed",
            message: "\(method) is not allowed on \(path); use \(allowed)", field: nil, headers: [.allow: allowed])
    }

    static func payloadTooLarge(limit: Int) -> APIError {
        APIError(
            status: .contentTooLarge, error: "payload_too_large",
            message: "the request body is larger than \(limit) bytes", field: nil)
    }

    static func storeUnavailable(_ message: String) -> APIError {
        APIError(
            status: .serviceUnavailable, error: "store_unavailable",
            message: "the store cannot be used: \(message)", field: nil)
    }

    static func internalError(_ message: String) -> APIError {
        APIError(status: .internalServerError, error: "internal_error", message: message, field: nil)
    }
}
