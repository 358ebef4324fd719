import Foundation
import GRDB
import PostbackCore

/// Conversions between the schema's rows and the domain types.
///
/// A stored value that does not decode (a row edited by hand, a file from elsewhere) is a
/// ``StoreError`` `.unavailable` naming the row and the value, never a crash.
extension SQLitePostbackStore {
    static func fetchCampaign(id: String, _ db: Database) throws -> Campaign? {
        let statement = try db.cachedStatement(sql: "SELECT \(StoredColumns.campaign) FROM campaigns WHERE id = ?")
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
            status: try StoredValue.enumValue(CampaignStatus.self, try row.decode(atIndex: 1), "status", of: what),
            type: try StoredValue.enumValue(CampaignType.self, try row.decode(atIndex: 2), "type", of: what),
            payout: try StoredValue.money(try row.decode(atIndex: 3), "payout", of: what),
            events: try eventsText.map { try StoredValue.decodeEvents($0, of: what) },
            token: try row.decode(atIndex: 5),
            conversionWindowDays: try row.decode(atIndex: 6),
            defaultConversionStatus: try StoredValue.enumValue(
                ConversionStatus.self, try row.decode(atIndex: 7), "default_conversion_status", of: what),
            trackingLink: try row.decode(atIndex: 8),
            dedup: try StoredValue.enumValue(DedupMode.self, try row.decode(atIndex: 9), "dedup", of: what))
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

    static func logEntry(from row: Row) throws -> PostbackLogEntry {
        let id: Int64 = try row.decode(atIndex: 0)
        let what = "postback log line \(id)"
        let reasonText: String? = try row.decode(atIndex: 7)
        let result = try StoredValue.enumValue(PostbackResult.self, try row.decode(atIndex: 6), "result", of: what)
        let conversionID: String? = try row.decode(atIndex: 12)
        return PostbackLogEntry(
            id: id,
            receivedAt: Date(timeIntervalSince1970: try row.decode(atIndex: 1)),
            method: try row.decode(atIndex: 2),
            url: try row.decode(atIndex: 3),
            source: try row.decode(atIndex: 4),
            userAgent: try row.decode(atIndex: 5),
            result: result,
            reason: try reasonText.map { try StoredValue.enumValue(RejectReason.self, $0, "reason", of: what) },
            message: StoredValue.logMessage(
                stored: try row.decode(atIndex: 8), result: result, conversionID: conversionID),
            campaignID: try row.decode(atIndex: 9),
            clickID: try row.decode(atIndex: 10),
            httpStatus: try row.decode(atIndex: 11),
            conversionID: conversionID,
            warnings: try StoredValue.decodeJSON([String].self, try row.decode(atIndex: 13), "warnings", of: what),
            body: try row.decode(atIndex: 14),
            headers: StoredValue.headers(fromLog: try row.decode(atIndex: 15)),
            tls: (try row.decode(atIndex: 16) as Int64?).map { $0 != 0 })
    }
}
