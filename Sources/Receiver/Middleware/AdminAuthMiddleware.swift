import Hummingbird

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
        guard Self.constantTimeEquals(Array(header.utf8.dropFirst(prefix.utf8.count)), Array(token.utf8)) else {
            throw APIError.unauthorized("the admin token is wrong")
        }
        return try await next(request, context)
    }

    /// Compares two byte strings in time that depends only on their lengths. The length
    /// difference is kept whole: folded into one byte, a difference of 256 let a token followed by
    /// 256 NUL bytes pass.
    static func constantTimeEquals(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference = UInt64(truncatingIfNeeded: given.count ^ expected.count)
        let length = max(given.count, expected.count)
        for index in 0..<length {
            let a = index < given.count ? given[index] : 0
            let b = index < expected.count ? expected[index] : 0
            difference |= UInt64(a ^ b)
        }
        return difference == 0
    }
}
