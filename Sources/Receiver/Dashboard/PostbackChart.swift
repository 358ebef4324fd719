import Foundation
import PostbackCore

/// Postbacks over time, counted by result in equal time buckets: the data behind the
/// dashboard's chart.
///
/// The window ends with the bucket holding `now` (or the newest postback, if later) and starts
/// with the oldest postback given, but spans at least ``minimumSpan``; the bucket width is the
/// smallest of ``widths`` that fits the window into ``maxBuckets`` buckets — one minute for a
/// fresh receiver, up to a week for a long-lived log.
struct PostbackChart: Sendable, Equatable {
    /// Bucket widths tried in order, in seconds.
    static let widths: [Int] = [
        60, 5 * 60, 15 * 60, 30 * 60, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400,
    ]
    static let maxBuckets = 60
    static let minimumSpan = 30 * 60
    /// Results in stacking order, bottom first.
    static let results: [PostbackResult] = [.accepted, .statusUpdated, .duplicate, .rejected]

    /// One time bucket: its start and the count of each result in it.
    struct Bucket: Sendable, Equatable {
        var start: Date
        var counts: [PostbackResult: Int]

        var total: Int { counts.values.reduce(0, +) }
    }

    /// Bucket width in seconds.
    let width: Int
    /// Oldest first.
    let buckets: [Bucket]

    init(entries: [PostbackLogEntry], now: Date) {
        let newest = entries.map(\.receivedAt).max() ?? now
        let oldest = entries.map(\.receivedAt).min() ?? now
        let end = max(now, newest).timeIntervalSince1970
        let start = min(oldest.timeIntervalSince1970, end - Double(Self.minimumSpan))
        var chosen = Self.widths[Self.widths.count - 1]
        for width in Self.widths {
            let first = (start / Double(width)).rounded(.down)
            let last = (end / Double(width)).rounded(.down)
            if Int(last - first) + 1 <= Self.maxBuckets {
                chosen = width
                break
            }
        }
        let width = Double(chosen)
        let lastIndex = (end / width).rounded(.down)
        // Over 60 weeks of log: the newest buckets are kept.
        let firstIndex = max((start / width).rounded(.down), lastIndex - Double(Self.maxBuckets - 1))
        let count = Int(lastIndex - firstIndex) + 1
        var buckets = (0..<count).map { offset in
            Bucket(start: Date(timeIntervalSince1970: (firstIndex + Double(offset)) * width), counts: [:])
        }
        for entry in entries {
            let index = Int((entry.receivedAt.timeIntervalSince1970 / width).rounded(.down) - firstIndex)
            guard buckets.indices.contains(index) else { continue }
            buckets[index].counts[entry.result, default: 0] += 1
        }
        self.width = chosen
        self.buckets = buckets
    }

    /// Postbacks of each result over the whole window.
    var totals: [PostbackResult: Int] {
        buckets.reduce(into: [:]) { totals, bucket in
            for (result, count) in bucket.counts { totals[result, default: 0] += count }
        }
    }

    /// The largest bucket total.
    var peak: Int { buckets.map(\.total).max() ?? 0 }

    /// "minute", "5 minutes", "hour", "day", …, for the axis label.
    var widthName: String {
        switch width {
        case 60: "minute"
        case 3600: "hour"
        case 86_400: "day"
        case 7 * 86_400: "week"
        case let seconds where seconds % 3600 == 0: "\(seconds / 3600) hours"
        default: "\(width / 60) minutes"
        }
    }
}
