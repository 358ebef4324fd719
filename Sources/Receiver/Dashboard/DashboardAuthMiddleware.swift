import Foundation
import Hummingbird
import PostbackCore

/// Guards the pages a person or a scraper opens — the dashboard (`GET /`) and `GET /metrics` —
/// when the receiver has an admin token: they show admin data.
///
/// Two ways in, both compared in constant time:
/// - `Authorization: Bearer <token>`, as on the admin API (and Prometheus' `authorization`);
/// - HTTP Basic with any user name and the token as the password, so that a browser asks for it
///   with its own sign-in prompt (and Prometheus' `basic_auth` works too).
///
/// The token is not accepted in the URL: a query string ends up in histories and access logs.
/// A refusal is a 401 with a `Basic` challenge (the one browsers prompt for) and a `Bearer` one.
struct DashboardAuthMiddleware: RouterMiddleware {
    typealias Context = ReceiverRequestContext

    static let realm = "postback-harness"

    let token: String?

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token else { return try await next(request, context) }
        let values = request.headers[values: .authorization]
        guard values.count == 1, let given = Self.credential(values[0]) else {
            return Self.refusal(
                values.isEmpty
                    ? "This page needs the receiver's admin token: sign in with any user name and the token as the password, or send 'Authorization: Bearer <admin token>'."
                    : "The Authorization header must be 'Bearer <admin token>' or Basic with the admin token as the password."
            )
        }
        guard ConstantTime.equals(given, token) else {
            return Self.refusal(
                "The admin token is wrong: sign in again with the receiver's --admin-token as the password.")
        }
        return try await next(request, context)
    }

    /// The token a header carries: a Bearer token, or the password of Basic credentials.
    static func credential(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        let scheme = parts[0].lowercased()
        let value = parts[1].trimmingCharacters(in: .whitespaces)
        switch scheme {
        case "bearer":
            return value
        case "basic":
            guard let data = Data(base64Encoded: value), let pair = String(data: data, encoding: .utf8),
                let colon = pair.firstIndex(of: ":")
            else { return nil }
            return String(pair[pair.index(after: colon)...])
        default:
            return nil
        }
    }

    static func refusal(_ message: String) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/plain; charset=utf-8",
            .cacheControl: "no-store",
        ]
        headers[values: .wwwAuthenticate] = [
            "Basic realm=\"\(realm)\", charset=\"UTF-8\"", "Bearer realm=\"\(realm)\"",
        ]
        return Response(
            status: .unauthorized, headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}
