import Foundation
import PostbackCore

/// Durable storage for campaigns, clicks, conversions and the postback log.
///
/// Implementations must make ``process(_:now:)`` atomic: the dedup decision (rule 13) and the
/// insert happen in one transaction, backed by a unique constraint (PostgreSQL, shared by
/// several receivers) or by an index that only this process writes (SQLite), and the verdict is
/// returned only after the transaction committed. Two identical postbacks racing each other give one
/// `accepted` and one `duplicate`.
public protocol PostbackStore: Sendable {
    /// Creates or replaces a campaign.
    func putCampaign(_ campaign: Campaign) async throws
    func campaign(id: String) async throws -> Campaign?
    /// All campaigns, ordered by id.
    func campaigns() async throws -> [Campaign]
    /// Removes a campaign with everything recorded for it: its clicks, its conversions, its
    /// counters and the postback log lines whose `campaign_id` names it, in one transaction.
    /// Returns whether the campaign existed (`false`: nothing was removed). Meant for campaigns
    /// no longer receiving traffic: a postback decided while its campaign is removed may be
    /// recorded on either side of the removal.
    func deleteCampaign(id: String) async throws -> Bool
    /// Records issued clicks. Throws ``StoreError`` `.duplicateClick` if an id exists already
    /// (and records none of them), `.unknownCampaign` if the campaign does not exist.
    func addClicks(_ clicks: [Click]) async throws
    func click(id: String) async throws -> Click?
    /// Runs the whole rule chain for one postback, records the conversion (if any) and the log
    /// line, and returns the verdict after the commit.
    func process(_ request: PostbackRequest, now: Date) async throws -> Verdict
    /// ``process(_:now:)`` for a caller that is not a task (the receiver's channel handler):
    /// `completion` is called exactly once, on any thread, with the verdict after the commit or
    /// the error. The default runs ``process(_:now:)`` in a task.
    func process(
        _ request: PostbackRequest, now: Date, completion: @escaping @Sendable (Result<Verdict, any Error>) -> Void)
    /// Logs a request that the receiver refused before the rule chain could run (a wrong method,
    /// a body over the limit, a store failure), so that every request is in the postback log
    /// (DESIGN §3). With a reason, it also counts in `rejected` of the campaign that the query's
    /// `campaign_id` names, when that parameter parses cleanly and the campaign exists.
    func recordRejection(_ verdict: Verdict, request: PostbackRequest) async throws
    func stats(campaignID: String) async throws -> CampaignStats?
    /// Stats of every campaign, ordered by campaign id.
    func allStats() async throws -> [CampaignStats]
    /// The postback log, newest first.
    func postbacks(_ filter: PostbackLogFilter) async throws -> [PostbackLogEntry]
    /// What the store itself did since it opened, for `/metrics`; `nil` when it counts nothing.
    var activity: StoreActivity? { get }
}

/// A store's own work since it opened (the SQLite store's), served by `/metrics`.
public struct StoreActivity: Sendable, Equatable {
    /// Bytes committed to the write-ahead log.
    public var walBytesWritten: Int64
    /// Entries of the in-memory dedup index.
    public var dedupEntries: Int
    /// Write transactions that decided postbacks (each holds a batch of the group commit).
    public var transactions: Int

    public init(walBytesWritten: Int64, dedupEntries: Int, transactions: Int) {
        self.walBytesWritten = walBytesWritten
        self.dedupEntries = dedupEntries
        self.transactions = transactions
    }
}

extension PostbackStore {
    public var activity: StoreActivity? { nil }

    public func process(
        _ request: PostbackRequest, now: Date, completion: @escaping @Sendable (Result<Verdict, any Error>) -> Void
    ) {
        Task {
            do {
                completion(.success(try await process(request, now: now)))
            } catch {
                completion(.failure(error))
            }
        }
    }
}

/// Errors raised by a ``PostbackStore``.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: Equatable, Sendable {
        case duplicateClick
        case unknownCampaign
        case unavailable
    }
    let code: Code
    public let message: String

    public static func duplicateClick(_ id: String) -> StoreError {
        StoreError(code: .duplicateClick, message: "click id '\(id)' was already issued")
    }
    public static func unknownCampaign(_ id: String) -> StoreError {
        StoreError(code: .unknownCampaign, message: "campaign '\(id)' does not exist")
    }
    public static func unavailable(_ message: String) -> StoreError {
        StoreError(code: .unavailable, message: message)
    }

    public var isDuplicateClick: Bool { code == .duplicateClick }
    public var isUnknownCampaign: Bool { code == .unknownCampaign }
    public var description: String { message }
}
