import Foundation
import PostbackCore
import Prometheus
import Store

/// The body of `GET /metrics` in Prometheus' text format (version 0.0.4): the receiver's own
/// counters and latency histogram, then one series per campaign read from the store at scrape
/// time (clicks issued, conversions, conversions by status, approved payout).
///
/// The per-campaign values come from the store rather than from in-memory counters so that they
/// are exact (they are the statistics of `GET /api/stats`), survive a restart over the same
/// database, and cost the postback route nothing. Campaign ids are `[A-Za-z0-9_-]`, so no
/// label value comes from free request text.
enum MetricsExposition {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func render(
        _ metrics: ReceiverMetrics, campaigns stats: [CampaignStats], store activity: StoreActivity? = nil
    ) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096 + stats.count * 512)
        metrics.registry.emit(into: &buffer)
        let scrape = PrometheusCollectorRegistry()
        for campaign in stats {
            let id = ("campaign_id", campaign.campaignID)
            scrape.makeCounter(descriptor: MetricNames.clicksIssued, labels: [id])
                .increment(by: Int64(campaign.clicks))
            scrape.makeCounter(descriptor: MetricNames.conversions, labels: [id])
                .increment(by: Int64(campaign.conversions))
            let byStatus: [(ConversionStatus, Int)] = [
                (.approved, campaign.conversionsByStatus.approved),
                (.pending, campaign.conversionsByStatus.pending),
                (.declined, campaign.conversionsByStatus.declined),
            ]
            for (status, count) in byStatus {
                scrape.makeGauge(
                    descriptor: MetricNames.conversionsByStatus, labels: [id, ("status", status.rawValue)]
                )
                .set(Int64(count))
            }
            scrape.makeGauge(descriptor: MetricNames.approvedPayout, labels: [id])
                .set(NSDecimalNumber(decimal: campaign.payoutTotal.value).doubleValue)
        }
        if let activity {
            scrape.makeCounter(descriptor: MetricNames.storeWALBytes).increment(by: activity.walBytesWritten)
            scrape.makeGauge(descriptor: MetricNames.storeDedupEntries).set(Int64(activity.dedupEntries))
            scrape.makeCounter(descriptor: MetricNames.storeTransactions).increment(by: Int64(activity.transactions))
        }
        scrape.emit(into: &buffer)
        return buffer
    }
}
