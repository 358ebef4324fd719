import Foundation
import PostbackCore

extension PostbackChart {
    /// The fill of each result, shared by the chart, its legend and the page's badges.
    static func color(_ result: PostbackResult) -> String {
        switch result {
        case .accepted: "#16a34a"
        case .statusUpdated: "#2563eb"
        case .duplicate: "#f59e0b"
        case .rejected: "#dc2626"
        case .unavailable: "#6b7280"
        }
    }

    private static let viewWidth = 960.0
    private static let viewHeight = 290.0
    private static let left = 58.0
    private static let right = 16.0
    private static let top = 46.0
    private static let bottom = 48.0

    /// The chart as an inline SVG: stacked bars per bucket, a legend with each result's total, a
    /// y axis with round ticks, and time labels in UTC. Text in it is ours (numbers, times,
    /// result names); nothing from a request.
    func svg() -> String {
        let plotWidth = Self.viewWidth - Self.left - Self.right
        let plotHeight = Self.viewHeight - Self.top - Self.bottom
        let baseline = Self.top + plotHeight
        let (step, maximum) = Self.axis(peak: peak)
        let totals = self.totals
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(Self.viewWidth)) \(Int(Self.viewHeight))" role="img" \
            aria-label="Postbacks per \(widthName) by result" xmlns="http://www.w3.org/2000/svg">
            """
        // Legend, top left.
        var x = Self.left
        for result in Self.results {
            let label = "\(DashboardFormat.label(result)) \(DashboardFormat.count(totals[result] ?? 0))"
            svg += """
                <rect x="\(Self.number(x))" y="14" width="12" height="12" rx="2" fill="\(Self.color(result))"/>\
                <text class="legend" x="\(Self.number(x + 18))" y="24.5">\(label)</text>
                """
            x += 32 + Double(label.count) * 6.9
        }
        // Grid and y axis.
        var tick = 0
        while tick <= maximum {
            let y = baseline - Double(tick) / Double(maximum) * plotHeight
            svg += """
                <line class="grid" x1="\(Self.number(Self.left))" x2="\(Self.number(Self.viewWidth - Self.right))" \
                y1="\(Self.number(y))" y2="\(Self.number(y))"/>\
                <text class="tick" x="\(Self.number(Self.left - 8))" y="\(Self.number(y + 4))" \
                text-anchor="end">\(DashboardFormat.count(tick))</text>
                """
            tick += step
        }
        svg += """
            <text class="axis" transform="translate(16 \(Self.number(Self.top + plotHeight / 2))) rotate(-90)" \
            text-anchor="middle">postbacks per \(widthName)</text>
            """
        // Bars.
        let slot = plotWidth / Double(max(buckets.count, 1))
        let barWidth = max(1, slot * 0.72)
        let labelEvery = max(1, Int((Double(buckets.count) / 8).rounded(.up)))
        for (index, bucket) in buckets.enumerated() {
            let barX = Self.left + Double(index) * slot + (slot - barWidth) / 2
            var y = baseline
            let when = label(for: bucket.start)
            for result in Self.results {
                guard let count = bucket.counts[result], count > 0 else { continue }
                let height = Double(count) / Double(maximum) * plotHeight
                y -= height
                svg += """
                    <rect x="\(Self.number(barX))" y="\(Self.number(y))" width="\(Self.number(barWidth))" \
                    height="\(Self.number(height))" fill="\(Self.color(result))">\
                    <title>\(when) UTC · \(DashboardFormat.label(result)): \(DashboardFormat.count(count))</title></rect>
                    """
            }
            if index % labelEvery == 0 {
                svg += """
                    <text class="tick" x="\(Self.number(Self.left + (Double(index) + 0.5) * slot))" \
                    y="\(Self.number(baseline + 18))" text-anchor="middle">\(when)</text>
                    """
            }
        }
        svg += """
            <line class="baseline" x1="\(Self.number(Self.left))" x2="\(Self.number(Self.viewWidth - Self.right))" \
            y1="\(Self.number(baseline))" y2="\(Self.number(baseline))"/>\
            <text class="axis" x="\(Self.number(Self.left + plotWidth / 2))" y="\(Self.number(Self.viewHeight - 6))" \
            text-anchor="middle">time (UTC)</text>
            """
        if peak == 0 {
            svg += """
                <text class="empty" x="\(Self.number(Self.left + plotWidth / 2))" \
                y="\(Self.number(Self.top + plotHeight / 2))" text-anchor="middle">No postbacks in this window</text>
                """
        }
        return svg + "</svg>"
    }

    /// The time label of a bucket: `HH:mm` for buckets under a day (`MM-dd HH:mm` once the
    /// window spans more than a day), `MM-dd` for day and week buckets.
    func label(for start: Date) -> String {
        if width >= 86_400 { return DashboardFormat.day(start) }
        if buckets.count * width > 86_400 { return DashboardFormat.day(start) + " " + DashboardFormat.clock(start) }
        return DashboardFormat.clock(start)
    }

    /// A round tick step (1, 2 or 5 × 10ⁿ, whole numbers) giving at most 5 intervals, and the axis
    /// maximum: the first tick at or above `peak` (at least one step).
    static func axis(peak: Int) -> (step: Int, maximum: Int) {
        let target = max(1, Double(peak) / 5)
        var magnitude = 1
        while Double(magnitude) * 10 <= target { magnitude *= 10 }
        let step = [1, 2, 5, 10].map { $0 * magnitude }.first { Double($0) >= target } ?? magnitude * 10
        let maximum = max(step, Int((Double(peak) / Double(step)).rounded(.up)) * step)
        return (step, maximum)
    }

    /// A coordinate with at most one decimal.
    private static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))" : "\(tenths / 10)"
    }
}
