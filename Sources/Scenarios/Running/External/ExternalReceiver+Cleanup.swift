import Curl

extension ExternalReceiver {
    /// The start of every campaign id this run creates on the receiver: `r<runID>-`.
    public var campaignPrefix: String { "r\(runID)-" }

    /// Removes from the receiver every campaign whose id starts with ``campaignPrefix`` (those
    /// this run created, and any left by an earlier run with the same run id), each with
    /// `DELETE /api/campaigns/{id}`, which takes its clicks, conversions and log lines with it.
    ///
    /// - Returns: How many campaigns were removed.
    /// - Throws: ``ExternalReceiverError`` naming the call that failed (a receiver without
    ///   `DELETE`, a refused token); campaigns removed before it stay removed.
    public func removeRunCampaigns() async throws(ExternalReceiverError) -> Int {
        do {
            return try await CurlClient.withClient { client in
                let admin = AdminClient(client: client, baseURL: baseURL, adminToken: adminToken, caFile: caFile)
                let ids = try await admin.campaignIDs().filter { $0.hasPrefix(campaignPrefix) }
                for id in ids {
                    try await admin.deleteCampaign(id: id)
                }
                return ids.count
            }
        } catch let error as RunnerError {
            throw ExternalReceiverError(error.message)
        } catch {
            throw ExternalReceiverError("\(error)")
        }
    }
}
