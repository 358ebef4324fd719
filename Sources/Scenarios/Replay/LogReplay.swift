import Curl
import Foundation
import Logging
import PostbackCore
import Receiver
import Store
import Trackers

/// Replays a log's postbacks, byte for byte (method, request target, body), against an embedded
/// receiver or a running one, after creating the campaigns and issuing the clicks the log needs.
///
/// Time: the embedded receiver's clock reads, while it judges a postback, the time its line was
/// logged (now for a line without one). A click is issued at the time `--clicks` gives, else at
/// the logged time of the first postback naming it. A running receiver's clock cannot be set:
/// there each click is issued as much earlier than now as it was earlier than its first logged
/// postback, so the conversion window sees the age it saw then.
public struct LogReplay: Sendable {
    /// Where the postbacks go.
    public enum Target: Sendable {
        /// A receiver started for the replay on 127.0.0.1, in memory.
        case embedded
        /// A running receiver (`serve`, or a staging deployment): its base URL and admin token.
        case receiver(baseURL: String, adminToken: String?)
    }

    public var log: ParsedLog
    /// The campaigns to create; `nil` infers one per campaign id in the log (embedded only):
    /// active, cpi, payout 0.
    public var campaigns: [Campaign]?
    /// Clicks known to be issued; with ``assumeIssued``, every click id of the log that parses
    /// cleanly and holds no macro is issued for the campaign its first postback names.
    public var clicks: [ClickRecord]
    public var assumeIssued: Bool
    public var target: Target

    public init(
        log: ParsedLog, campaigns: [Campaign]?, clicks: [ClickRecord] = [], assumeIssued: Bool = false,
        target: Target = .embedded
    ) {
        self.log = log
        self.campaigns = campaigns
        self.clicks = clicks
        self.assumeIssued = assumeIssued
        self.target = target
    }

    /// `campaign_id` and `click_id` of each postback as the rule chain reads them.
    func identifiers() -> [(campaignID: String?, clickID: String?)] {
        log.postbacks.map { postback in
            switch Self.parse(postback) {
            case .success(let parsed): return (parsed.campaignID, parsed.clickID)
            case .failure(let rejection): return (rejection.campaignID, rejection.clickID)
            }
        }
    }

    /// `postback`'s parameters as the rule chain reads them (rules 1–3), or why it cannot.
    static func parse(_ postback: LoggedPostback) -> Result<ParsedPostback, Rejection> {
        PostbackRules().parse(
            PostbackRequest(
                method: postback.method, target: postback.target, contentType: postback.contentType,
                body: postback.body ?? [], receivedAt: Date()))
    }

    /// The campaigns and clicks to set up; throws when the clicks name a campaign that is not there.
    func plan() throws(ReplayInputError) -> (campaigns: [Campaign], inferred: Bool, clicks: [ClickRecord]) {
        let ids = identifiers()
        var campaigns = self.campaigns ?? []
        let inferred = self.campaigns == nil
        if inferred, case .embedded = target {
            var seen: Set<String> = []
            let named = ids.compactMap(\.campaignID) + clicks.map(\.campaignID)
            for id in named where Campaign.isValidID(id) && seen.insert(id).inserted {
                campaigns.append(Campaign(id: id, status: .active, type: .cpi, payout: .zero))
            }
        }
        let known = Set(campaigns.map(\.id))
        var clicks = self.clicks
        if !known.isEmpty || self.campaigns != nil {
            for click in clicks where !known.contains(click.campaignID) {
                throw ReplayInputError(
                    "click '\(click.clickID)' names campaign '\(click.campaignID)', which is not among the campaigns "
                        + "(\(known.sorted().joined(separator: ", ")))")
            }
        }
        if assumeIssued {
            var issued = Set(clicks.map(\.clickID))
            for id in ids {
                guard let campaign = id.campaignID, let click = id.clickID, known.contains(campaign),
                    click.utf8.count <= 200, !MacroDetector.containsMacro(click), issued.insert(click).inserted
                else { continue }
                clicks.append(ClickRecord(campaignID: campaign, clickID: click))
            }
        }
        let firstUse = Self.firstLoggedUse(zip(ids, log.postbacks).map { ($0.clickID, $1.time) })
        for index in clicks.indices where clicks[index].createdAt == nil {
            clicks[index].createdAt = firstUse[clicks[index].clickID]
        }
        return (campaigns, inferred, clicks)
    }

    /// The logged time of the first timed postback naming each click id, from the postbacks'
    /// click ids and times in log order.
    static func firstLoggedUse(_ uses: [(clickID: String?, time: Date?)]) -> [String: Date] {
        var first: [String: Date] = [:]
        for use in uses {
            guard let clickID = use.clickID, let time = use.time, first[clickID] == nil else { continue }
            first[clickID] = time
        }
        return first
    }

    /// `clicks` as a receiver whose clock runs at `now` must be given them: each shifted by the
    /// time from its first logged postback to `now`, keeping its age at that postback.
    func shiftedForRealTime(_ clicks: [ClickRecord], now: Date) -> [ClickRecord] {
        let firstUse = Self.firstLoggedUse(zip(identifiers(), log.postbacks).map { ($0.clickID, $1.time) })
        return clicks.map { click in
            guard let createdAt = click.createdAt, let used = firstUse[click.clickID] else { return click }
            var shifted = click
            shifted.createdAt = createdAt.addingTimeInterval(now.timeIntervalSince(used))
            return shifted
        }
    }

    public func run(logger: Logger = Logger(label: "postback-harness.replay")) async throws -> ReplayReport {
        let setup = try plan()
        switch target {
        case .embedded:
            // Rule 3's hints name the tracker the logged User-Agent or macro syntax tells, as `serve`'s do.
            let store = try SQLitePostbackStore(
                path: nil, rules: PostbackRules(trackerHints: TrackerProfile.receiverHints))
            let clock = ScenarioClock()
            return try await withReceiver(
                configuration: ReceiverConfiguration(), store: store, clock: { clock.now() }, logger: logger
            ) { receiver in
                try await replay(setup, baseURL: receiver.baseURL, adminToken: nil, clock: clock)
            }
        case .receiver(let baseURL, let adminToken):
            let trimmed = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            return try await replay(setup, baseURL: trimmed, adminToken: adminToken, clock: nil)
        }
    }

    /// Replays against the receiver at `baseURL`; `clock` is its clock when it can be set.
    private func replay(
        _ setup: (campaigns: [Campaign], inferred: Bool, clicks: [ClickRecord]), baseURL: String, adminToken: String?,
        clock: ScenarioClock?
    ) async throws -> ReplayReport {
        let startedAt = Date()
        let ids = identifiers()
        let issued = clock == nil ? shiftedForRealTime(setup.clicks, now: startedAt) : setup.clicks
        return try await CurlClient.withClient(maxConnections: 4) { client in
            let admin = AdminClient(client: client, baseURL: baseURL, adminToken: adminToken)
            for campaign in setup.campaigns { try await admin.putCampaign(campaign) }
            var batchStart = 0
            while batchStart < issued.count {
                let first = issued[batchStart]
                var end = batchStart + 1
                while end < issued.count, issued[end].campaignID == first.campaignID,
                    issued[end].createdAt == first.createdAt
                {
                    end += 1
                }
                try await admin.issueClicks(
                    campaignID: first.campaignID, clickIDs: issued[batchStart..<end].map(\.clickID),
                    createdAt: first.createdAt)
                batchStart = end
            }
            var outcomes: [ReplayOutcome] = []
            for (index, postback) in log.postbacks.enumerated() {
                var outcome = ReplayOutcome(
                    postback: postback, campaignID: ids[index].campaignID, clickID: ids[index].clickID)
                var headers: [HTTPHeader] = []
                if let contentType = postback.contentType { headers.append(HTTPHeader("Content-Type", contentType)) }
                let body = postback.body.flatMap { $0.isEmpty ? nil : $0 }
                let request = CurlRequest(
                    method: postback.method, url: baseURL + postback.target, headers: headers, body: body,
                    connectTimeout: .seconds(5), timeout: .seconds(10), userAgent: postback.userAgent)
                do {
                    let response: CurlResponse
                    if let clock {
                        response = try await clock.withTime(postback.time ?? Date()) { try await client.send(request) }
                    } else {
                        response = try await client.send(request)
                    }
                    outcome.status = response.status
                    if let verdict = try? ReceiverJSONDecoding.verdict(from: response.bodyText) {
                        outcome.verdict = verdict
                    } else {
                        outcome.error =
                            "HTTP \(response.status), not a postback answer: '\(response.bodyText.prefix(80))'"
                    }
                } catch let error as CurlError {
                    outcome.error = error.description
                }
                outcomes.append(outcome)
            }
            var statsIDs = setup.campaigns.map(\.id)
            if setup.campaigns.isEmpty {
                var seen: Set<String> = []
                statsIDs = ids.compactMap(\.campaignID).filter { Campaign.isValidID($0) && seen.insert($0).inserted }
            }
            var stats: [CampaignStats] = []
            for id in statsIDs {
                if let recorded = try? await admin.stats(campaignID: id) { stats.append(recorded) }
            }
            return ReplayReport(
                outcomes: outcomes, campaigns: setup.campaigns, inferredCampaigns: setup.inferred,
                clicks: setup.clicks, stats: stats, startedAt: startedAt, setsClock: clock != nil)
        }
    }
}
