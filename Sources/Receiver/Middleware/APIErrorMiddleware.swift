import Hummingbird
import Logging
import Store

/// Turns every error of the API routes into the JSON error shape: Hummingbird's own errors
/// (no route, body too large) and store failures included, so no answer has an empty body.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = ReceiverRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return ReceiverJSON.response(error, status: error.status, headers: error.headers)
        } catch let error as StoreError {
            let answer: APIError =
                if error.isUnknownCampaign {
                    .notFound(error.message)
                } else if error.isDuplicateClick {
                    .duplicateClick(error.message)
                } else {
                    .storeUnavailable(error.message)
                }
            context.logger.error("store error", metadata: ["error": "\(String(describing: error).logSafe)"])
            return ReceiverJSON.response(answer, status: answer.status, headers: answer.headers)
        } catch let error as any HTTPResponseError {
            let answer: APIError =
                switch error.status {
                case .notFound:
                    .notFound("no route for \(request.method) \(request.uri.path)")
                case .contentTooLarge:
                    .payloadTooLarge(limit: AdminRoutes.maxBodyBytes)
                default:
                    APIError(
                        status: error.status, error: "http_\(error.status.code)",
                        message: error.status.reasonPhrase.isEmpty ? "request refused" : error.status.reasonPhrase,
                        field: nil)
                }
            return ReceiverJSON.response(answer, status: answer.status, headers: answer.headers)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(describing: error).logSafe)"])
            let answer = APIError.internalError("the receiver failed to answer: \(error)")
            return ReceiverJSON.response(answer, status: answer.status)
        }
    }
}
