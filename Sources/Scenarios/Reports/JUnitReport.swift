import Foundation
import PostbackCore

/// The JUnit XML report (`--report junit:FILE`) that CI systems read: a `<testsuite>` per
/// folder of scenario files, a `<testcase>` per scenario run, the field-by-field difference
/// and the postbacks behind it in `<failure>`, a runtime problem in `<error>`, a scenario that
/// was not run in `<skipped>`. It validates against `fixtures/junit/junit.xsd`.
public struct JUnitReport: Sendable {
    /// Renders the failure bodies.
    public var text: TextReport
    /// Name of the whole run (`<testsuites name>`).
    public var name: String

    public init(text: TextReport = TextReport(), name: String = "postback-harness") {
        self.text = text
        self.name = name
    }

    /// The XML document for `results`, which ran for `elapsed` from `started`.
    public func render(_ results: [ScenarioResult], elapsed: Duration, started: Date) -> String {
        let timestamp = Self.timestamp(started)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"\(Markup.escape(name))\" tests=\"\(results.count)\""
        xml += " failures=\"\(results.count(where: { $0.status == .failed }))\""
        xml += " errors=\"\(results.count(where: { $0.status == .error }))\""
        xml += " skipped=\"\(results.count(where: { $0.status == .skipped }))\""
        xml += " time=\"\(Self.seconds(elapsed))\" timestamp=\"\(timestamp)\">\n"
        for (index, suite) in Self.suites(results).enumerated() {
            let time = suite.results.reduce(Duration.zero) { $0 + $1.duration }
            xml += "  <testsuite name=\"\(Markup.escape(suite.folder))\" tests=\"\(suite.results.count)\""
            xml += " failures=\"\(suite.results.count(where: { $0.status == .failed }))\""
            xml += " errors=\"\(suite.results.count(where: { $0.status == .error }))\""
            xml += " skipped=\"\(suite.results.count(where: { $0.status == .skipped }))\""
            xml += " time=\"\(Self.seconds(time))\" timestamp=\"\(timestamp)\" id=\"\(index)\""
            xml += " package=\"\(Markup.escape(suite.folder))\" hostname=\"localhost\">\n"
            for result in suite.results {
                xml += testcase(result, folder: suite.folder)
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    private func testcase(_ result: ScenarioResult, folder: String) -> String {
        let classname = folder.replacingOccurrences(of: "/", with: ".")
        var xml = "    <testcase name=\"\(Markup.escape(result.displayName))\""
        xml += " classname=\"\(Markup.escape(classname))\" file=\"\(Markup.escape(result.file))\""
        xml += " time=\"\(Self.seconds(result.duration))\""
        let body = text.details(result).map { $0.hasPrefix("      ") ? String($0.dropFirst(6)) : $0 }
            .joined(separator: "\n")
        switch result.status {
        case .passed:
            return xml + "/>\n"
        case .skipped:
            xml += ">\n      <skipped message=\"\(Markup.escapeAttribute(result.skipReason ?? ""))\"/>\n"
        case .error:
            let message = result.error ?? "error"
            xml +=
                ">\n      <error message=\"\(Markup.escapeAttribute(message))\" type=\"\(result.isRuntimeError ? "RuntimeError" : "ScenarioError")\">"
            xml += Markup.escape(body) + "</error>\n"
        case .failed:
            let differences = result.campaigns.flatMap { campaign in
                campaign.differences.map { "campaign \(campaign.campaignID) \($0)" }
            }
            let message = differences.joined(separator: "; ")
            xml += ">\n      <failure message=\"\(Markup.escapeAttribute(message))\" type=\"ExpectationMismatch\">"
            xml += Markup.escape(body) + "</failure>\n"
        }
        return xml + "    </testcase>\n"
    }

    /// Results grouped by the folder of their file, folders in order of first appearance.
    static func suites(_ results: [ScenarioResult]) -> [(folder: String, results: [ScenarioResult])] {
        var order: [String] = []
        var groups: [String: [ScenarioResult]] = [:]
        for result in results {
            let folder = folder(of: result.file)
            if groups[folder] == nil { order.append(folder) }
            groups[folder, default: []].append(result)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    /// The folder part of `file` as the user named it (`.` for a file named alone).
    static func folder(of file: String) -> String {
        var folder = (file as NSString).deletingLastPathComponent
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        return folder.isEmpty ? "." : folder
    }

    /// Seconds with three decimals, as JUnit's `time` attributes hold them.
    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.3f", max(0, value))
    }

    /// `2025-01-31T12:00:00`: local time without a zone, as Ant's JUnit writer puts it.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: date)
    }
}
