import Foundation

/// The conversion a store holds under a candidate's dedup key: what rule 13 reads of it.
public struct RecordedConversion: Sendable, Equatable {
    public var status: ConversionStatus
    /// The payout the conversion is worth (counted in the payout total while it is approved).
    public var payout: Decimal

    public init(status: ConversionStatus, payout: Decimal) {
        self.status = status
        self.payout = payout
    }
}

/// Rule 13's decision for one ``ConversionCandidate`` and everything it changes (DESIGN §3).
///
/// A store carries it out and nothing more: it writes ``update`` to the recorded conversion's
/// row (when there is one), adds ``change`` to the campaign's counters, and answers
/// ``verdict(conversionID:)``. Made by ``ConversionCandidate/decision(recorded:)``.
public struct ConversionDecision: Sendable, Equatable {
    /// Which of rule 13's three answers it is.
    public enum Outcome: Sendable, Equatable {
        /// A new conversion, recorded from the candidate.
        case accepted
        /// The same key again with the same or no status: nothing changes but the duplicates.
        case duplicate
        /// The same key again with another status.
        case statusUpdated(from: ConversionStatus, to: ConversionStatus)
    }

    public var outcome: Outcome
    /// The recorded conversion's status and payout after this postback; `nil` when its row stays
    /// as it is (a new conversion is written from the candidate itself).
    public var update: RecordedConversion?
    /// What this postback changes in its campaign's statistics.
    public var change: CampaignCounts

    /// The answer for the conversion `conversionID` (`cv_…`) that this decision is about.
    public func verdict(conversionID: String) -> Verdict {
        switch outcome {
        case .accepted: .accepted(conversionID: conversionID)
        case .duplicate: .duplicate(conversionID: conversionID)
        case .statusUpdated(let old, let new): .statusUpdated(conversionID: conversionID, from: old, to: new)
        }
    }
}

extension ConversionCandidate {
    /// Rule 13 for this candidate: `accepted`, `duplicate` or `status_updated`, with the change to
    /// the conversion's row and to the campaign's statistics.
    ///
    /// A repeat is a status update when it gives a `status` other than the recorded one; it then
    /// sets the conversion's payout to the postback's valid `payout` when one was given
    /// (``payoutGiven``), and keeps the recorded payout otherwise. The payout total follows the
    /// payout of approved conversions only.
    ///
    /// - Parameter recorded: the conversion recorded under ``dedupKey`` before this postback, or
    ///   `nil` when the store has just recorded this candidate as a new conversion (its key was
    ///   free, or the campaign's `dedup: none` gives it none).
    public func decision(recorded: RecordedConversion?) -> ConversionDecision {
        var change = CampaignCounts()
        guard let recorded else {
            change.conversions = 1
            change[.conversions(in: status)] = 1
            if status == .approved { change.payoutTotal = payout.value }
            return ConversionDecision(outcome: .accepted, update: nil, change: change)
        }
        guard statusGiven, status != recorded.status else {
            change.duplicates = 1
            return ConversionDecision(outcome: .duplicate, update: nil, change: change)
        }
        let updated = RecordedConversion(status: status, payout: payoutGiven ? payout.value : recorded.payout)
        change.statusUpdates = 1
        change[.conversions(in: recorded.status)] -= 1
        change[.conversions(in: updated.status)] += 1
        change.payoutTotal = updated.approvedPayout - recorded.approvedPayout
        return ConversionDecision(
            outcome: .statusUpdated(from: recorded.status, to: updated.status), update: updated, change: change)
    }
}

extension RecordedConversion {
    /// What this conversion adds to the payout total: its payout while approved, else 0.
    var approvedPayout: Decimal { status == .approved ? payout : 0 }
}
