import Foundation

/// The postbacks of the exactly-once storm: `connections` senders × `rounds` rounds, each round
/// sent all at once, mixing plain duplicates, status updates, distinct new clicks and unknown
/// clicks, with a sequential model of what the receiver must record.
///
/// Within one round every send to a given conversion carries the same status (or none), so the
/// outcome of a round does not depend on the order in which its sends arrive: the model runs
/// them in any order and gets the exact counts the receiver must report.
struct StormPlan: Sendable {
    let campaign: String
    let connections: Int
    let rounds: Int

    init(campaign: String = "storm", connections: Int = 64, rounds: Int = 200) {
        self.campaign = campaign
        self.connections = connections
        self.rounds = rounds
    }

    /// The campaign's JSON: cpi, 1.20 per conversion, dedup by (click, event).
    var campaignJSON: String {
        #"{"status": "active", "type": "cpi", "payout": "1.20", "tracking_link": "https://trk.example/?c={click_id}"}"#
    }

    /// The status a status-update send carries in `round`: none, declined, pending, approved, …
    static func status(round: Int) -> String? {
        [nil, "declined", "pending", "approved"][round % 4]
    }

    /// The click id and status of the send of `connection` in `round` (unknown clicks are never
    /// issued).
    func send(round: Int, connection: Int) -> (click: String, status: String?) {
        let quarter = connections / 4
        switch connection {
        case 0..<(quarter * 2): return ("a\(connection % 8)", nil)  // 4 senders per click, no status
        case (quarter * 2)..<(quarter * 2 + quarter * 3 / 4):
            return ("b\(connection % 4)", Self.status(round: round))  // status updates
        case (quarter * 2 + quarter * 3 / 4)..<(quarter * 3): return ("ghost-\(round)-\(connection)", nil)
        default: return ("n-\(round)-\(connection)", nil)  // a new click every time
        }
    }

    func query(round: Int, connection: Int) -> String {
        let (click, status) = send(round: round, connection: connection)
        return "campaign_id=\(campaign)&click_id=\(click)" + (status.map { "&status=\($0)" } ?? "")
    }

    /// Every click id the storm uses that must be issued first.
    var issuedClicks: [String] {
        var ids: Set<String> = []
        for round in 0..<rounds {
            for connection in 0..<connections {
                let click = send(round: round, connection: connection).click
                if !click.hasPrefix("ghost-") { ids.insert(click) }
            }
        }
        return ids.sorted()
    }

    /// What the receiver must answer and record.
    struct Expected: Equatable, CustomStringConvertible {
        var accepted = 0
        var duplicates = 0
        var statusUpdates = 0
        var rejectedUnknownClick = 0
        var approved = 0
        var pending = 0
        var declined = 0
        var conversions: Int { approved + pending + declined }
        var payoutTotal: Decimal { Decimal(approved) * Decimal(string: "1.20")! }

        var description: String {
            "accepted \(accepted), duplicates \(duplicates), status updates \(statusUpdates), unknown clicks "
                + "\(rejectedUnknownClick), approved \(approved), pending \(pending), declined \(declined)"
        }
    }

    /// Runs the sends through a model of rule 13 (new key → accepted with its status or the
    /// default approved; a different status → status update; else duplicate).
    func expected() -> Expected {
        var statuses: [String: String] = [:]
        var expected = Expected()
        for round in 0..<rounds {
            for connection in 0..<connections {
                let (click, status) = send(round: round, connection: connection)
                if click.hasPrefix("ghost-") {
                    expected.rejectedUnknownClick += 1
                } else if let current = statuses[click] {
                    if let status, status != current {
                        statuses[click] = status
                        expected.statusUpdates += 1
                    } else {
                        expected.duplicates += 1
                    }
                } else {
                    statuses[click] = status ?? "approved"
                    expected.accepted += 1
                }
            }
        }
        for status in statuses.values {
            switch status {
            case "approved": expected.approved += 1
            case "pending": expected.pending += 1
            default: expected.declined += 1
            }
        }
        return expected
    }
}
