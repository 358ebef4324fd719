import Hummingbird
import PostbackCore

/// Guards the admin API: when a token is configured, every call needs
/// `Authorization: Bearer <token>`, compared in constant time. A missing or wrong token gets 401
/// before any handler runs, so nothing changes.
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = ReceiverRequestContext

    let token: String?

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token else { return try await next(request, context) }
        let values = request.headers[values: .authorization]
        guard let header = values.first else {
            throw APIError.unauthorized("the admin API needs the header 'Authorization: Bearer <admin token>'")
        }
        // The scheme is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are `Bearer`.
        let prefix = "bearer "
        guard values.count == 1, header.utf8.count > prefix.utf8.count,
            String(decoding: header.utf8.prefix(prefix.utf8.count), as: UTF8.self).lowercased() == prefix
        else {
            throw APIError.unauthorized("the Authorization header must be 'Bearer <admin token>'")
        }
        guard ConstantTime.equals(Array(header.utf8.dropFirst(prefix.utf8.count)), Array(token.utf8)) else {
            throw APIError.unauthorized("the admin token is wrong")
        }
        return try await next(request, context)
    }
}
