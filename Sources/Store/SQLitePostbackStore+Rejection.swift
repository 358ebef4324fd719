import Foundation
import GRDB
import PostbackCore

extension SQLitePostbackStore {
    public func recordRejection(_ verdict: Verdict, request: PostbackRequest) async throws {
        let (campaignID, clickID) = rules.identifiers(of: request)
        try await write("recording a rejected request") { db in
            let counters = TransactionCounters()
            if let campaignID, let reason = verdict.reason {
                counters.add(.rejection(reason), campaignID: campaignID)
            }
            try counters.flush(db)
            try Self.appendLog(verdict, request: request, campaignID: campaignID, clickID: clickID, warnings: [], db)
        }
    }
}
