import Prometheus

/// The series served by `GET /metrics` (documented in `docs/dashboard.md`), each with its help
/// text; every name starts with `postback_harness_`.
enum MetricNames {
    private static func named(_ metric: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "postback_harness", metricName: metric, unitName: unit, helpText: help)
    }

    /// Counter `{result, reason}`: postbacks answered since the receiver started.
    static var postbacks: MetricNameDescriptor {
        named(
            "postbacks", unit: "total",
            help: "Postbacks answered on /postback/advertiser since the receiver started, by result and reason.")
    }

    /// Histogram: seconds to answer a postback, since the receiver started.
    static var postbackDuration: MetricNameDescriptor {
        named(
            "postback_duration", unit: "seconds",
            help:
                "Time from a postback's arrival to its answer (rule chain and durable commit), since the receiver started."
        )
    }

    /// Counter `{campaign_id}`: clicks issued, from the store.
    static var clicksIssued: MetricNameDescriptor {
        named("clicks_issued", unit: "total", help: "Clicks issued, per campaign (from the store).")
    }

    /// Counter `{campaign_id}`: conversions recorded, from the store.
    static var conversions: MetricNameDescriptor {
        named(
            "conversions", unit: "total",
            help: "Conversions recorded (accepted postbacks), per campaign (from the store).")
    }

    /// Gauge `{campaign_id, status}`: conversions by their current status, from the store.
    static var conversionsByStatus: MetricNameDescriptor {
        named("conversions_by_status", help: "Conversions by their current status, per campaign (from the store).")
    }

    /// Gauge `{campaign_id}`: the sum of approved payouts, from the store.
    static var approvedPayout: MetricNameDescriptor {
        named("approved_payout", help: "Sum of the payouts of approved conversions, per campaign (from the store).")
    }

    /// Counter: bytes the SQLite store committed to its write-ahead log since it opened.
    static var storeWALBytes: MetricNameDescriptor {
        named(
            "store_wal_bytes", unit: "total",
            help: "Bytes the SQLite store committed to its write-ahead log since it opened (pages and frame headers).")
    }

    /// Gauge: entries of the SQLite store's in-memory dedup index.
    static var storeDedupEntries: MetricNameDescriptor {
        named("store_dedup_index_entries", help: "Dedup keys held in the SQLite store's in-memory index.")
    }

    static var storeTransactions: MetricNameDescriptor {
        named(
            "store_transactions_total",
            help:
                "Write transactions that decided postbacks in the SQLite store (postbacks per transaction: the group commit's batch)."
        )
    }
}
