import Foundation
import GRDB
import PostbackCore

/// Conversions between the schema's rows and the domain types.
///
/// A stored value that does not decode (a row edited by hand, a file from elsewhere) is a
/// ``StoreError`` `.unavailable` naming the row and the value, never a crash.
extension SQLitePostbackStore {
    static let campaignColumns = """
        id, status, type, payout, events, token, conversion_window_days, default_conversion_status, \
        tracking_link, dedup
        """

    static func fetchCampaign(id: String, _ db: Database) throws -> Campaign? {
        let statement = try db.cachedStatement(sql: "SELECT \(campaignColumns) FROM campaigns WHERE id = ?")
        return try Row.fetchOne(statement, arguments: [id]).map(campaign(from:))
    }

    static func campaignExists(_ id: String, _ db: Database) throws -> Bool {
        let statement = try db.cachedStatement(sql: "SELECT 1 FROM campaigns WHERE id = ?")
        return try Row.fetchOne(statement, arguments: [id]) != nil
    }

    static func campaign(from row: Row) throws -> Campaign {
        let id: String = try row.decode(atIndex: 0)
        let what = "campaign '\(id)'"
        let eventsText: String? = try row.decode(atIndex: 4)
        return Campaign(
            id: id,
            status: try enumValue(CampaignStatus.self, try row.decode(atIndex: 1), "status", of: what),
            type: try enumValue(CampaignType.self, try row.decode(atIndex: 2), "type", of: what),
            payout: try money(try row.decode(atIndex: 3), "payout", of: what),
            events: try eventsText.map { try decodeEvents($0, of: what) },
            token: try row.decode(atIndex: 5),
            conversionWindowDays: try row.decode(atIndex: 6),
            defaultConversionStatus: try enumValue(
                ConversionStatus.self, try row.decode(atIndex: 7), "default_conversion_status", of: what),
            trackingLink: try row.decode(atIndex: 8),
            dedup: try enumValue(DedupMode.self, try row.decode(atIndex: 9), "dedup", of: what))
    }

    static func fetchClick(id: String, _ db: Database) throws -> Click? {
        let statement = try db.cachedStatement(sql: "SELECT id, campaign_id, created_at FROM clicks WHERE id = ?")
        var binding = SQLiteBinding(statement, db)
        binding.bind(.text(id))
        return try binding.fetchOne { row in
            guard let storedID = row.text(0), let campaignID = row.text(1), !row.isNull(2) else {
                throw StoreError.unavailable("stored click '\(id)' has an empty id, campaign_id or created_at")
            }
            return Click(id: storedID, campaignID: campaignID, createdAt: Date(timeIntervalSince1970: row.real(2)))
        }
    }

    static let logColumns = """
        id, received_at, method, url, source, user_agent, result, reason, message, campaign_id, click_id, \
        http_status, conversion_id, warnings, body
        """

    static func logEntry(from row: Row) throws -> PostbackLogEntry {
        let id: Int64 = try row.decode(atIndex: 0)
        let what = "postback log line \(id)"
        let reasonText: String? = try row.decode(atIndex: 7)
        return PostbackLogEntry(
            id: id,
            receivedAt: Date(timeIntervalSince1970: try row.decode(atIndex: 1)),
            method: try row.decode(atIndex: 2),
            url: try row.decode(atIndex: 3),
            source: try row.decode(atIndex: 4),
            userAgent: try row.decode(atIndex: 5),
            result: try enumValue(PostbackResult.self, try row.decode(atIndex: 6), "result", of: what),
            reason: try reasonText.map { try enumValue(RejectReason.self, $0, "reason", of: what) },
            message: try row.decode(atIndex: 8),
            campaignID: try row.decode(atIndex: 9),
            clickID: try row.decode(atIndex: 10),
            httpStatus: try row.decode(atIndex: 11),
            conversionID: try row.decode(atIndex: 12),
            warnings: try decodeJSON([String].self, try row.decode(atIndex: 13), "warnings", of: what),
            body: try row.decode(atIndex: 14))
    }

    // MARK: - Values

    static func enumValue<Value: RawRepresentable<String>>(
        _ type: Value.Type, _ text: String, _ column: String, of what: String
    ) throws -> Value {
        guard let value = Value(rawValue: text) else {
            throw StoreError.unavailable("stored \(what) has an unreadable \(column) '\(text)'")
        }
        return value
    }

    static func money(_ text: String, _ column: String, of what: String) throws -> Money {
        guard let value = Money(text) else {
            throw StoreError.unavailable("stored \(what) has an unreadable \(column) '\(text)'")
        }
        return value
    }

    /// A stored decimal sum (never negative, any number of digits).
    static func decimal(_ text: String, _ column: String, of what: String) throws -> Decimal {
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), !value.isNaN else {
            throw StoreError.unavailable("stored \(what) has an unreadable \(column) '\(text)'")
        }
        return value
    }

    /// The plain decimal text stored for an amount: `"0.3"`, `"1.2"`, `"12"`.
    static func text(_ value: Decimal) -> String {
        value.description
    }

    static func encodeEvents(_ events: [String: Money]?) throws -> String? {
        guard let events else { return nil }
        return try encodeJSON(events)
    }

    static func decodeEvents(_ text: String, of what: String) throws -> [String: Money] {
        try decodeJSON([String: Money].self, text, "events", of: what)
    }

    static func encodeJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decodeJSON<Value: Decodable>(_ type: Value.Type, _ text: String, _ column: String, of what: String)
        throws -> Value
    {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.unavailable("stored \(what) has unreadable \(column) JSON: \(text.prefix(200))")
        }
    }
}
