import PostbackCore

extension ReplayOutcome {
    /// Whether the replay answered as the log says the receiver did then: the same verdict (and
    /// reason, where the log names one) when the log recorded a verdict, else the same HTTP status;
    /// `nil` when the log recorded no answer, or when a parameter is missing from a POST whose
    /// body the log did not keep (it may have been there).
    public var matchesLog: Bool? {
        guard let logged = postback.logged else { return nil }
        if postback.bodyNotLogged, verdict?.reason == .missingParameter { return nil }
        if let loggedResult = logged.result {
            return loggedResult == result && (logged.reason == nil || logged.reason == verdict?.reason?.rawValue)
        }
        guard let loggedStatus = logged.status else { return nil }
        return loggedStatus == status
    }

    /// What the replay answered: `HTTP 410 rejected click_expired`, or `not_delivered`.
    public var replayedAnswer: String {
        let reason = verdict?.reason.map { " \($0.rawValue)" } ?? ""
        return (status.map { "HTTP \($0) " } ?? "") + result + reason
    }

    /// Why the replay's answer differs from the logged one, for a person to act on; `nil` when
    /// they match or the log recorded none.
    public var differenceFromLog: String? {
        guard matchesLog == false, let logged = postback.logged else { return nil }
        let now = verdict?.message ?? error ?? "no answer"
        if logged.status.map({ (500...599).contains($0) }) == true || logged.result == "unavailable" {
            return "the receiver could not decide then (a temporary failure: store unavailable or overloaded), so "
                + "the conversion was not recorded unless the tracker retried; replayed now: \(now)"
        }
        let takenThen =
            logged.result.map { $0 != "rejected" } ?? logged.status.map { (200...299).contains($0) } ?? false
        switch (takenThen, isDelivered) {
        case (true, false):
            return "the receiver took it then; here it is refused: \(now) The campaigns or clicks given to the "
                + "replay differ from the receiver's then (--campaigns, --clicks)."
        case (false, true):
            return "the receiver refused it then; here it is taken (\(now)) The receiver's campaigns or clicks "
                + "then differed from the replay's: a click not issued, a campaign paused or unknown, a token."
        default:
            return "then \(logged.description), now: \(now)"
        }
    }
}
