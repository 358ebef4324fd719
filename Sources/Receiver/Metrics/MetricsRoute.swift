import Hummingbird
import Store

/// `GET /metrics`: Prometheus' text format (see ``MetricsExposition``).
struct MetricsRoute: Sendable {
    let metrics: ReceiverMetrics
    let store: any PostbackStore

    func register(on group: RouterGroup<ReceiverRequestContext>) {
        group.get("metrics") { _, _ in
            let body = MetricsExposition.render(
                metrics, campaigns: try await store.allStats(), store: store.activity)
            return Response(
                status: .ok,
                headers: [.contentType: MetricsExposition.contentType, .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
    }
}
