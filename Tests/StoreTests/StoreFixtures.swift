import Foundation
import PostbackCore

@testable import Store

/// Builders shared by the store tests.
enum StoreFixtures {
    /// A fixed instant with whole milliseconds, so that dates round-trip exactly.
    static let now = Date(timeIntervalSince1970: 1_750_000_000.123)

    static func money(_ text: String) -> Money {
        Money(text) ?? .zero
    }

    static func campaign(
        _ id: String, payout: String = "1.20", dedup: DedupMode = .clickEvent,
        defaultStatus: ConversionStatus = .approved, events: [String: Money]? = nil
    ) -> Campaign {
        Campaign(
            id: id, status: .active, type: .cpi, payout: money(payout), events: events,
            defaultConversionStatus: defaultStatus, trackingLink: "https://trk.example/?cw={click_id}", dedup: dedup)
    }

    static func clicks(_ campaignID: String, _ ids: [String], createdAt: Date = now) -> [Click] {
        ids.map { Click(id: $0, campaignID: campaignID, createdAt: createdAt) }
    }

    /// `GET /postback/advertiser?campaign_id=…&click_id=…` plus `extra` query text (`&status=approved`).
    static func request(campaignID: String, clickID: String, extra: String = "", at date: Date = now)
        -> PostbackRequest
    {
        PostbackRequest(
            method: "GET", target: "/postback/advertiser?campaign_id=\(campaignID)&click_id=\(clickID)\(extra)",
            source: "127.0.0.1", userAgent: "StoreTests/1.0", receivedAt: date)
    }

    /// A candidate as rules 4–12 would hand it over, with the dedup key of the given mode.
    static func candidate(
        campaignID: String, clickID: String, event: String? = nil, txid: String? = nil, dedup: DedupMode = .clickEvent,
        status: ConversionStatus = .approved, statusGiven: Bool = false, payout: String = "1.20",
        payoutGiven: Bool = false
    ) -> ConversionCandidate {
        let key: String? =
            switch dedup {
            case .clickEvent: "\(clickID)|\(event ?? "")"
            case .clickTxid: "\(clickID)|\(txid ?? "")"
            case .none: nil
            }
        return ConversionCandidate(
            campaignID: campaignID, clickID: clickID, event: event, status: status, statusGiven: statusGiven,
            payout: money(payout), payoutGiven: payoutGiven, txid: txid, dedupKey: key)
    }

    /// Records `candidate` through rule 13 with a matching request.
    static func record(_ store: SQLitePostbackStore, _ candidate: ConversionCandidate) async throws -> Verdict {
        var extra = ""
        if let event = candidate.event { extra += "&event=\(event)" }
        if let txid = candidate.txid { extra += "&txid=\(txid)" }
        if candidate.statusGiven { extra += "&status=\(candidate.status.rawValue)" }
        if candidate.payoutGiven { extra += "&payout=\(candidate.payout)" }
        return try await store.record(
            candidate, request: request(campaignID: candidate.campaignID, clickID: candidate.clickID, extra: extra),
            now: now)
    }

    /// A fresh folder under the temporary directory; the caller removes it.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "StoreTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A store on a file in a fresh temporary folder, removed after `body`.
    static func withFileStore<T>(_ body: (SQLitePostbackStore, String) async throws -> T) async throws -> T {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("postbacks.sqlite").path
        let store = try SQLitePostbackStore(path: path)
        return try await body(store, path)
    }
}
