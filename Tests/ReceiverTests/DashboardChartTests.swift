import Foundation
import PostbackCore
import Testing

@testable import Receiver

/// The chart's buckets and its SVG, from log lines with known times.
struct DashboardChartTests {
    /// 2025-01-31 12:00:00 UTC.
    static let noon = Date(timeIntervalSince1970: 1_738_324_800)

    static func entry(_ secondsBeforeNoon: Double, _ result: PostbackResult) -> PostbackLogEntry {
        PostbackLogEntry(
            receivedAt: noon.addingTimeInterval(-secondsBeforeNoon), method: "GET", url: "/postback/advertiser",
            source: "127.0.0.1", userAgent: nil, result: result, reason: result == .rejected ? .unknownClick : nil,
            message: "m", campaignID: "c1", clickID: "k", httpStatus: 200)
    }

    @Test("a fresh log: one-minute buckets over the last 30 minutes, counts in the right minute")
    func minutes() throws {
        let entries = [
            Self.entry(-10, .accepted), Self.entry(20, .rejected), Self.entry(30, .accepted),
            Self.entry(45, .duplicate), Self.entry(29 * 60 + 5, .statusUpdated),
        ]
        let chart = PostbackChart(entries: entries, now: Self.noon.addingTimeInterval(30))
        #expect(chart.width == 60)
        #expect(chart.buckets.count == 31)
        #expect(chart.buckets.last?.start == Self.noon)
        #expect(chart.buckets.first?.start == Self.noon.addingTimeInterval(-30 * 60))
        let last = try #require(chart.buckets.last)
        #expect(last.counts == [.accepted: 1])
        let minuteBefore = chart.buckets[chart.buckets.count - 2]
        #expect(minuteBefore.counts == [.accepted: 1, .rejected: 1, .duplicate: 1])
        #expect(chart.buckets[0].counts == [.statusUpdated: 1])
        #expect(chart.totals == [.accepted: 2, .rejected: 1, .duplicate: 1, .statusUpdated: 1])
        #expect(chart.peak == 3)
        #expect(chart.buckets.map(\.total).reduce(0, +) == entries.count)
    }

    /// (span of the log in seconds, bucket width, its name).
    static let widthCases: [(Double, Int, String)] = [
        (600, 60, "minute"), (3540, 60, "minute"), (10_800, 300, "5 minutes"), (72_000, 1800, "30 minutes"),
        (172_800, 3600, "hour"), (864_000, 21_600, "6 hours"), (3_456_000, 86_400, "day"),
        (432_000_000, 604_800, "week"),
    ]

    @Test("the bucket width grows with the log's span, never past 60 buckets", arguments: widthCases)
    func widths(span: Double, width: Int, name: String) {
        let chart = PostbackChart(entries: [Self.entry(span, .accepted), Self.entry(0, .rejected)], now: Self.noon)
        #expect(chart.width == width)
        #expect(chart.widthName == name)
        #expect(chart.buckets.count <= PostbackChart.maxBuckets)
        #expect(chart.buckets.last?.counts[.rejected] == 1, "the newest bucket is always kept")
        if span < 400 * 86_400.0 {
            #expect(chart.totals[.accepted] == 1, "the oldest entry is inside the window")
        }
    }

    @Test(
        "round axis ticks",
        arguments: [
            (0, 1, 1), (1, 1, 1), (4, 1, 4), (5, 1, 5), (7, 2, 8), (23, 5, 25), (101, 50, 150), (1000, 200, 1000),
        ])
    func axis(peak: Int, step: Int, maximum: Int) {
        let axis = PostbackChart.axis(peak: peak)
        #expect(axis.step == step)
        #expect(axis.maximum == maximum)
    }

    @Test("the SVG stacks each bucket by result with a legend, axis labels and tooltips")
    func svg() {
        let entries = [Self.entry(10, .accepted), Self.entry(20, .accepted), Self.entry(30, .rejected)]
        let svg = PostbackChart(entries: entries, now: Self.noon.addingTimeInterval(30)).svg()
        #expect(svg.hasPrefix("<svg class=\"chart\" viewBox=\"0 0 960 290\""))
        #expect(svg.hasSuffix("</svg>"))
        #expect(svg.contains(">accepted 2</text>"))
        #expect(svg.contains(">status updated 0</text>"))
        #expect(svg.contains(">rejected 1</text>"))
        #expect(svg.contains("<title>11:59 UTC · accepted: 2</title>"))
        #expect(svg.contains("<title>11:59 UTC · rejected: 1</title>"))
        #expect(svg.contains(">postbacks per minute</text>"))
        #expect(svg.contains(">time (UTC)</text>"))
        #expect(svg.contains(">11:30</text>"), "time labels")
        #expect(!svg.contains("No postbacks"))
        // 2 accepted under 1 rejected, on an axis of 0…3: the accepted segment is twice as tall.
        let heights = svg.components(separatedBy: "height=\"").dropFirst().compactMap {
            Double($0.prefix { $0 != "\"" })
        }
        let bars = heights.filter { $0 != 12 }  // legend squares are 12 high
        #expect(bars.count == 2)
        #expect(abs(bars[0] - 2 * bars[1]) < 0.2)
    }

    @Test("an empty log draws an empty window and says so")
    func empty() {
        let chart = PostbackChart(entries: [], now: Self.noon)
        #expect(chart.buckets.count == 31)
        #expect(chart.peak == 0)
        #expect(chart.svg().contains("No postbacks in this window"))
    }
}
