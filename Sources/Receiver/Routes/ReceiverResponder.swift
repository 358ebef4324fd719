import Foundation
import Hummingbird
import PostbackCore
import Store

/// The receiver's top responder for everything but postbacks (which ``PostbackChannelHandler``
/// answers before a request reaches Hummingbird): health, clicks, the admin API (with
/// `/api/faults` when the receiver has faults), the dashboard (`/`) and `/metrics`.
struct ReceiverResponder: HTTPResponder {
    typealias Context = ReceiverRequestContext

    let postback: PostbackEndpoint
    let router: RouterResponder<ReceiverRequestContext>

    init(
        store: any PostbackStore, clickIDs: ClickIDGenerator, clock: @escaping @Sendable () -> Date,
        adminToken: String?, publicBaseURL: String, logWriter: PostbackLogWriter, faults: ReceiverFaults? = nil
    ) {
        let metrics = ReceiverMetrics()
        self.postback = PostbackEndpoint(
            store: store, clock: clock, metrics: metrics, logWriter: logWriter, faults: faults)
        let router = Router(context: ReceiverRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        HealthRoute(store: store).register(on: router)
        ClickRoutes(store: store, clickIDs: clickIDs, clock: clock).register(on: router)
        let api = router.group("api").add(middleware: AdminAuthMiddleware(token: adminToken))
        AdminRoutes(store: store, clickIDs: clickIDs, clock: clock, publicBaseURL: publicBaseURL).register(on: api)
        if let faults { FaultRoutes(faults: faults).register(on: api) }
        let pages = router.group().add(middleware: DashboardAuthMiddleware(token: adminToken))
        DashboardRoutes(store: store, clock: clock, publicBaseURL: publicBaseURL).register(on: pages)
        MetricsRoute(metrics: metrics, store: store).register(on: pages)
        self.router = router.buildResponder()
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        try await router.respond(to: request, context: context)
    }

    /// Whether the raw target's path is exactly `/postback/advertiser` (query aside).
    static func isPostbackPath(_ target: String?) -> Bool {
        guard let target else { return false }
        let path = target.utf8.firstIndex(of: UInt8(ascii: "?")).map { target[..<$0] } ?? target[...]
        return path == PostbackEndpoint.path
    }
}
