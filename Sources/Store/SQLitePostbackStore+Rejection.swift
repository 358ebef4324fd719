import Foundation
import GRDB
import PostbackCore

extension SQLitePostbackStore {
    public func recordRejection(_ verdict: Verdict, request: PostbackRequest) async throws {
        let (campaignID, clickID) = rules.identifiers(of: request)
        try await write("recording a rejected request") { db in
            if let campaignID, let reason = verdict.reason {
                try db.execute(
                    sql: """
                        INSERT INTO rejected_counters (campaign_id, reason, n)
                        SELECT ?, ?, 1 WHERE EXISTS (SELECT 1 FROM campaigns WHERE id = ?)
                        ON CONFLICT (campaign_id, reason) DO UPDATE SET n = n + 1
                        """,
                    arguments: [campaignID, reason.rawValue, campaignID])
            }
            try Self.appendLog(verdict, request: request, campaignID: campaignID, clickID: clickID, warnings: [], db)
        }
    }
}
