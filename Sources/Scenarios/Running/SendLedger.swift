/// The sends of one scenario run as the runner keeps them: those of the first ``keptPerStep``
/// conversions of each traffic step one by one (in the order of their clicks, as before),
/// every later one only counted by campaign and by how it ended (``OmittedSends``) — so that
/// a step of a million postbacks takes the memory of a few thousand.
struct SendLedger: Sendable {
    /// How many conversions (clicks) of one step have their sends kept one by one.
    let keptPerStep: Int
    private(set) var kept: [SentPostback] = []
    private(set) var omitted: [OmittedSends] = []
    private var omittedIndex: [OmittedSends.Key: Int] = [:]

    init(keptPerStep: Int) {
        self.keptPerStep = max(0, keptPerStep)
    }

    /// Adds sends kept one by one (already in order).
    mutating func keep(_ sends: [SentPostback]) {
        kept += sends
    }

    /// Counts a send without keeping it.
    mutating func count(_ send: SentPostback) {
        let key = OmittedSends.Key(campaignID: send.campaignID, label: send.outcomeLabel(quick: true))
        if let index = omittedIndex[key] {
            omitted[index].count += 1
        } else {
            omittedIndex[key] = omitted.count
            omitted.append(OmittedSends(campaignID: key.campaignID, label: key.label, count: 1))
        }
    }
}
