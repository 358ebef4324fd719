import Foundation

/// The body of `POST /api/campaigns/{id}/clicks`: `{"count": N}` or `{"click_ids": [..]}`,
/// either with an optional `created_at` (ISO-8601) to issue clicks in the past.
struct ClickBatchInput: Decodable {
    enum Source {
        case count(Int)
        case ids([String])
    }

    static let maxCount = 1_000_000

    var source: Source
    var createdAt: Date?

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case count
        case clickIDs = "click_ids"
        case createdAt = "created_at"
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let all: KeyedDecodingContainer<AnyKey>
        do {
            all = try decoder.container(keyedBy: AnyKey.self)
        } catch {
            throw APIError.invalidJSON(#"the body must be a JSON object: {"count": N} or {"click_ids": [..]}"#)
        }
        let known = CodingKeys.allCases.map(\.stringValue)
        for key in all.allKeys where !known.contains(key.stringValue) {
            throw APIError.invalidField(
                key.stringValue, "unknown field '\(key.stringValue)'; use count or click_ids, and optionally created_at"
            )
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let hasCount = c.contains(.count)
        let hasIDs = c.contains(.clickIDs)
        switch (hasCount, hasIDs) {
        case (true, true):
            throw APIError.invalidField("count", "give either count or click_ids, not both")
        case (false, false):
            throw APIError.invalidField("count", #"give count (1…1000000) or click_ids, e.g. {"count": 10}"#)
        case (true, false):
            guard let count = try? c.decode(Int.self, forKey: .count), (1...Self.maxCount).contains(count) else {
                throw APIError.invalidField("count", "count must be a whole number from 1 to \(Self.maxCount)")
            }
            source = .count(count)
        case (false, true):
            guard let ids = try? c.decode([String].self, forKey: .clickIDs) else {
                throw APIError.invalidField("click_ids", "click_ids must be an array of strings")
            }
            guard (1...Self.maxCount).contains(ids.count) else {
                throw APIError.invalidField("click_ids", "click_ids must hold 1 to \(Self.maxCount) ids")
            }
            for id in ids where id.isEmpty || id.utf8.count > 200 || id.containsControlCharacters {
                throw APIError.invalidField(
                    "click_ids", "click id '\(id)' must be 1 to 200 characters without control characters")
            }
            var seen = Set<String>()
            for id in ids where !seen.insert(id).inserted {
                throw APIError.duplicateClick("click id '\(id)' appears twice in click_ids")
            }
            source = .ids(ids)
        }
        if c.contains(.createdAt) {
            guard let text = try? c.decode(String.self, forKey: .createdAt), let date = ReceiverJSON.parseDate(text)
            else {
                throw APIError.invalidField(
                    "created_at", "created_at must be an ISO-8601 date with a time zone, e.g. 2025-01-31T12:00:00Z")
            }
            createdAt = date
        }
    }
}
