import Foundation
import PostbackCore
import Prometheus

/// The receiver's own Prometheus metrics, counted in memory since the receiver started:
/// postbacks by result and reason, and the time taken to answer each one.
///
/// Every time series is made up front (4 results, 12 reasons), so recording a postback is a
/// dictionary lookup on an enum, one relaxed atomic add, and one histogram update under a lock
/// held for a dozen comparisons; no allocation and no registry lookup per request.
/// The per-campaign series of `GET /metrics` come from the store at scrape time instead (see
/// ``MetricsExposition``).
final class ReceiverMetrics: Sendable {
    /// Upper bounds of the latency histogram: 0.5 ms to 10 s, most of them where a local
    /// SQLite commit lands.
    static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    /// The label value of `reason` when a verdict has none (accepted, duplicate, status_updated,
    /// and the 503 answered when the store could not record).
    static let noReason = "none"

    let registry: PrometheusCollectorRegistry
    private let unreasoned: [PostbackResult: Counter]
    private let rejected: [RejectReason: Counter]
    private let latency: DurationHistogram

    init() {
        let registry = PrometheusCollectorRegistry()
        let name = MetricNames.postbacks
        var unreasoned: [PostbackResult: Counter] = [:]
        for result in PostbackResult.allCases {
            // An unavailable answer's reason is store_unavailable, as its JSON says.
            let reason = result == .unavailable ? "store_unavailable" : Self.noReason
            unreasoned[result] = registry.makeCounter(
                descriptor: name, labels: [("result", result.rawValue), ("reason", reason)])
        }
        var rejected: [RejectReason: Counter] = [:]
        for reason in RejectReason.allCases {
            rejected[reason] = registry.makeCounter(
                descriptor: name, labels: [("result", PostbackResult.rejected.rawValue), ("reason", reason.rawValue)])
        }
        self.registry = registry
        self.unreasoned = unreasoned
        self.rejected = rejected
        self.latency = registry.makeDurationHistogram(
            descriptor: MetricNames.postbackDuration, labels: [], buckets: Self.latencyBuckets)
    }

    /// Counts one answered postback and the time it took.
    func recordPostback(result: PostbackResult, reason: RejectReason?, duration: Duration) {
        let counter = reason.flatMap { result == .rejected ? rejected[$0] : nil } ?? unreasoned[result]
        counter?.increment()
        latency.record(duration)
    }
}
