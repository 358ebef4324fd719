import Foundation

/// A click known to have been issued, from `--clicks FILE` or assumed from the log.
public struct ClickRecord: Sendable, Hashable {
    public var campaignID: String
    public var clickID: String
    /// When it was issued; `nil` for "just now".
    public var createdAt: Date?

    public init(campaignID: String, clickID: String, createdAt: Date? = nil) {
        self.campaignID = campaignID
        self.clickID = clickID
        self.createdAt = createdAt
    }
}

/// Reads `--clicks FILE`: CSV with `campaign_id,click_id[,created_at]` per line (ISO-8601
/// times), an optional header naming those columns in any order, `#` comments and blank lines.
public enum ClicksFile {
    public static func parse(_ text: String, file: String) throws(ReplayInputError) -> [ClickRecord] {
        var columns = (campaign: 0, click: 1, created: 2)
        var records: [ClickRecord] = []
        var seen: [String: Int] = [:]
        var number = 0
        var sawData = false
        let iso = ISO8601DateFormatter()
        let isoWithFraction = ISO8601DateFormatter()
        isoWithFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { field in
                field.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            if !sawData, fields.contains("campaign_id"), fields.contains("click_id") {
                columns = (
                    fields.firstIndex(of: "campaign_id") ?? 0, fields.firstIndex(of: "click_id") ?? 1,
                    fields.firstIndex(of: "created_at") ?? -1
                )
                sawData = true
                continue
            }
            sawData = true
            guard fields.count > max(columns.campaign, columns.click), !fields[columns.campaign].isEmpty,
                !fields[columns.click].isEmpty
            else {
                throw ReplayInputError(
                    "\(file):\(number): expected 'campaign_id,click_id[,created_at]', found '\(line.prefix(80))'")
            }
            var record = ClickRecord(campaignID: fields[columns.campaign], clickID: fields[columns.click])
            if columns.created >= 0, columns.created < fields.count, !fields[columns.created].isEmpty {
                let text = fields[columns.created]
                guard let date = iso.date(from: text) ?? isoWithFraction.date(from: text) else {
                    throw ReplayInputError(
                        "\(file):\(number): created_at '\(text)' is not an ISO-8601 time such as 2025-01-31T12:00:00Z")
                }
                record.createdAt = date
            }
            if let first = seen[record.clickID] {
                throw ReplayInputError(
                    "\(file):\(number): click id '\(record.clickID)' is listed twice (first on line \(first))")
            }
            seen[record.clickID] = number
            records.append(record)
        }
        return records
    }
}
