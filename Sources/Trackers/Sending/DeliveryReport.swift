import PostbackCore

/// One postback's fate as the tracker reports it next to what really happened, so that a report
/// can show a tracker that says "success" for a postback ClickWall never recorded.
public struct DeliveryReport: Sendable, Hashable {
    /// Whether the receiver answered the last send with a 2xx: it decided and recorded the postback.
    public var delivered: Bool
    /// Whether the tracker counted the last answer as success (its ``TrackerProfile/successClasses``).
    public var trackerSawSuccess: Bool
    /// Whether the tracker tells the network or its user "success" (its ``TrackerProfile/upstreamReport``).
    public var reportedSuccess: Bool

    public init(delivered: Bool, trackerSawSuccess: Bool, reportedSuccess: Bool) {
        self.delivered = delivered
        self.trackerSawSuccess = trackerSawSuccess
        self.reportedSuccess = reportedSuccess
    }

    /// Whether what the tracker reports differs from what happened.
    public var isMisreported: Bool { reportedSuccess != delivered }

    /// `success` or `failure`: what the tracker reports.
    public var reportedName: String { reportedSuccess ? "success" : "failure" }
}

extension DeliveryReport: Encodable {
    enum CodingKeys: String, CodingKey {
        case delivered
        case reportedUpstream = "reported_upstream"
    }

    /// `{"delivered": false, "reported_upstream": "success"}`, as the JSON report and
    /// `check --format json` show it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(delivered, forKey: .delivered)
        try c.encode(reportedName, forKey: .reportedUpstream)
    }
}

extension TrackerProfile {
    /// Whether this tracker counts `outcome` as a delivered postback.
    public func countsAsSuccess(_ outcome: DeliveryOutcome) -> Bool {
        guard case .answered(let status) = outcome, let statusClass = HTTPStatusClass(status: status) else {
            return false
        }
        return successClasses.contains(statusClass)
    }

    /// What this tracker reports after `attempts` (the sends of one postback), next to what happened.
    public func deliveryReport(after attempts: [SendAttempt]) -> DeliveryReport {
        deliveryReport(afterLast: attempts.last?.outcome ?? .notSent)
    }

    /// What this tracker reports when the last send of a postback ended with `last`.
    public func deliveryReport(afterLast last: DeliveryOutcome) -> DeliveryReport {
        var delivered = false
        if case .answered(let status) = last { delivered = (200...299).contains(status) }
        let saw = countsAsSuccess(last)
        let reported =
            switch upstreamReport {
            case .delivery: saw
            case .alwaysSuccess: true
            }
        return DeliveryReport(delivered: delivered, trackerSawSuccess: saw, reportedSuccess: reported)
    }

    /// Whether the tracker sends a postback for a conversion of ClickWall status `status`
    /// (``firingStatuses``; no status counts as `approved`).
    public func firesPostback(forStatus status: String?) -> Bool {
        guard let firingStatuses else { return true }
        return firingStatuses.contains(status ?? "approved")
    }

    /// Why the tracker sends nothing for a conversion of ClickWall status `status`, with what its
    /// user changes (``firingStatusesChange``); `nil` when it fires.
    public func notFiredReason(forStatus status: String?) -> String? {
        guard let firingStatuses, !firesPostback(forStatus: status) else { return nil }
        let status = status ?? "approved"
        let fired = ConversionStatus.allCases.map(\.rawValue).filter(firingStatuses.contains)
        let list = fired.isEmpty ? "no status" : fired.joined(separator: " or ") + " conversions"
        return "\(displayName ?? name) sends postbacks only for \(list), not for a \(status) one"
            + (firingStatusesChange.map { ": \($0)" } ?? ".")
    }
}
