import Foundation
import Hummingbird
import Logging
import PostbackCore
import Store

/// `GET /`: the dashboard, drawn from the store on each request. The log filters are the query
/// parameters of `GET /api/postbacks` (`campaign_id`, `result`, `reason`, `limit`); a bad one
/// is named in a banner above the unfiltered page, answered with 400.
struct DashboardRoutes: Sendable {
    /// Most log lines the chart is drawn from.
    static let chartSampleLimit = 5000

    let store: any PostbackStore
    let clock: @Sendable () -> Date
    let publicBaseURL: String

    func register(on group: RouterGroup<ReceiverRequestContext>) {
        group.get("/") { request, context in await page(request, context: context) }
    }

    func page(_ request: Request, context: ReceiverRequestContext) async -> Response {
        var filter = PostbackLogFilter()
        var filterError: String?
        do {
            filter = try Self.filter(request.uri.queryParameters)
        } catch {
            filterError = error.message
        }
        do {
            let page = try await load(filter: filter, filterError: filterError)
            return Self.html(page.render(), status: filterError == nil ? .ok : .badRequest)
        } catch {
            context.logger.error("dashboard not drawn", metadata: ["error": "\(error)"])
            let text = "The dashboard could not read the receiver's store: \(error)"
            return Self.html(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Postback receiver</title>"
                    + "</head><body><h1>Postback receiver</h1><p>\(text.htmlEscaped)</p></body></html>\n",
                status: .serviceUnavailable)
        }
    }

    /// The log filter of the query string; a `token` parameter is refused with the way to sign in.
    static func filter(_ query: Parameters) throws(APIError) -> PostbackLogFilter {
        if query.get("token") != nil {
            throw .invalidField(
                "token",
                "the admin token is not accepted in the URL; sign in with the browser's prompt "
                    + "(any user name, the token as the password) or send 'Authorization: Bearer <token>'")
        }
        return try AdminRoutes.logFilter(query)
    }

    func load(filter: PostbackLogFilter, filterError: String?) async throws -> DashboardPage {
        let campaigns = try await store.campaigns()
        let stats = try await store.allStats()
        var sampleFilter = filter
        sampleFilter.limit = max(filter.limit, Self.chartSampleLimit)
        let sample = try await store.postbacks(sampleFilter)
        let now = clock()
        return DashboardPage(
            campaigns: campaigns,
            stats: Dictionary(stats.map { ($0.campaignID, $0) }, uniquingKeysWith: { first, _ in first }),
            log: Array(sample.prefix(filter.limit)),
            chart: PostbackChart(entries: sample, now: now),
            chartSample: sample.count == sampleFilter.limit ? sample.count : nil,
            filter: filter, filterError: filterError, publicBaseURL: publicBaseURL, now: now)
    }

    /// An HTML answer with headers that keep the page to itself: no script, no outside
    /// resource, no framing, never cached.
    static func html(_ text: String, status: HTTPResponse.Status) -> Response {
        let headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-store",
            .contentSecurityPolicy:
                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'",
            .xContentTypeOptions: "nosniff",
        ]
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
