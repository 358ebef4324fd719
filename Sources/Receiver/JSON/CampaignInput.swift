import Foundation
import PostbackCore

/// The body of `PUT` and `PATCH /api/campaigns/{id}`: every field optional, `null` clearing the
/// optional ones, unknown keys refused. Each bad value is an ``APIError`` naming its field.
struct CampaignInput: Decodable {
    /// A field that may be absent, explicitly `null`, or set.
    enum Change<Value> {
        case absent
        case cleared
        case set(Value)
    }

    var id: String?
    var status: CampaignStatus?
    var type: CampaignType?
    var payout: Money?
    var events: Change<[String: Money]> = .absent
    var token: Change<String> = .absent
    var conversionWindowDays: Int?
    var defaultConversionStatus: ConversionStatus?
    var trackingLink: Change<String> = .absent
    var dedup: DedupMode?

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        init(_ name: String) { self.stringValue = name }
    }

    static let fields = [
        "id", "status", "type", "payout", "events", "token", "conversion_window_days",
        "default_conversion_status", "tracking_link", "dedup",
    ]
    /// Fields the API serves but that are derived, accepted and ignored on input.
    static let derivedFields = ["postback_url"]

    init(from decoder: any Decoder) throws {
        let container: KeyedDecodingContainer<Key>
        do {
            container = try decoder.container(keyedBy: Key.self)
        } catch {
            throw APIError.invalidJSON("the body must be a JSON object with the campaign's fields")
        }
        for key in container.allKeys where !Self.fields.contains(key.stringValue) {
            guard Self.derivedFields.contains(key.stringValue) else {
                throw APIError.invalidField(
                    key.stringValue,
                    "unknown campaign field '\(key.stringValue)'; known fields: \(Self.fields.joined(separator: ", "))")
            }
        }
        id = try Self.required(container, "id") { try container.decode(String.self, forKey: $0) }
        status = try Self.enumeration(container, "status", CampaignStatus.self)
        type = try Self.enumeration(container, "type", CampaignType.self)
        payout = try Self.required(container, "payout") { try Self.money(container, $0) }
        events = try Self.nullable(container, "events") { key in
            let raw: [String: Money]
            do {
                raw = try container.decode([String: Money].self, forKey: key)
            } catch {
                throw APIError.invalidField(
                    "events", "events must map event names to decimal payouts, e.g. {\"install\": \"1.20\"}")
            }
            return raw
        }
        token = try Self.nullable(container, "token") { try container.decode(String.self, forKey: $0) }
        conversionWindowDays = try Self.required(container, "conversion_window_days") {
            try container.decode(Int.self, forKey: $0)
        }
        defaultConversionStatus = try Self.enumeration(container, "default_conversion_status", ConversionStatus.self)
        trackingLink = try Self.nullable(container, "tracking_link") { try container.decode(String.self, forKey: $0) }
        dedup = try Self.enumeration(container, "dedup", DedupMode.self)
    }

    /// Applies the given fields to `campaign` and checks the result as a whole.
    func apply(to campaign: inout Campaign) throws(APIError) {
        if let id, id != campaign.id {
            throw .invalidField("id", "the body's id '\(id)' does not match the id '\(campaign.id)' in the path")
        }
        if let status { campaign.status = status }
        if let type { campaign.type = type }
        if let payout { campaign.payout = payout }
        if let conversionWindowDays { campaign.conversionWindowDays = conversionWindowDays }
        if let defaultConversionStatus { campaign.defaultConversionStatus = defaultConversionStatus }
        if let dedup { campaign.dedup = dedup }
        switch events {
        case .absent: break
        case .cleared: campaign.events = nil
        case .set(let value): campaign.events = value
        }
        switch token {
        case .absent: break
        case .cleared: campaign.token = nil
        case .set(let value): campaign.token = value
        }
        switch trackingLink {
        case .absent: break
        case .cleared: campaign.trackingLink = nil
        case .set(let value): campaign.trackingLink = value
        }
        try Self.check(campaign)
    }

    static func check(_ campaign: Campaign) throws(APIError) {
        guard (1...3650).contains(campaign.conversionWindowDays) else {
            throw .invalidField(
                "conversion_window_days",
                "conversion_window_days must be a whole number of days from 1 to 3650, not \(campaign.conversionWindowDays)"
            )
        }
        if let events = campaign.events {
            for name in events.keys where name.isEmpty || name.utf8.count > 100 || name.containsControlCharacters {
                throw .invalidField("events", "event name '\(name)' must be 1 to 100 printable characters")
            }
        }
        if let token = campaign.token, token.isEmpty || token.containsControlCharacters {
            throw .invalidField("token", "token must be a non-empty string without control characters, or null")
        }
        if let link = campaign.trackingLink, link.isEmpty || link.containsControlCharacters {
            throw .invalidField(
                "tracking_link",
                "tracking_link must be a URL without control characters, e.g. https://trk.example/c?cid={click_id}")
        }
    }

    // MARK: Field decoding with the field's name in every error

    private static func required<T>(
        _ container: KeyedDecodingContainer<Key>, _ name: String, _ decode: (Key) throws -> T
    ) throws -> T? {
        let key = Key(name)
        guard container.contains(key) else { return nil }
        if (try? container.decodeNil(forKey: key)) == true {
            throw APIError.invalidField(name, "\(name) cannot be null")
        }
        do {
            return try decode(key)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.invalidField(
                name, "\(name) has the wrong type: \(Self.expected[name] ?? "see the API docs")")
        }
    }

    private static func nullable<T>(
        _ container: KeyedDecodingContainer<Key>, _ name: String, _ decode: (Key) throws -> T
    ) throws -> Change<T> {
        let key = Key(name)
        guard container.contains(key) else { return .absent }
        if (try? container.decodeNil(forKey: key)) == true { return .cleared }
        do {
            return .set(try decode(key))
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.invalidField(
                name, "\(name) has the wrong type: \(Self.expected[name] ?? "see the API docs")")
        }
    }

    private static func enumeration<E: RawRepresentable & CaseIterable>(
        _ container: KeyedDecodingContainer<Key>, _ name: String, _ type: E.Type
    ) throws -> E? where E.RawValue == String {
        try required(container, name) { key in
            let text = try container.decode(String.self, forKey: key)
            guard let value = E(rawValue: text) else {
                let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.invalidField(name, "\(name) '\(text)' is not one of \(allowed)")
            }
            return value
        }
    }

    private static func money(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws -> Money {
        if let text = try? container.decode(String.self, forKey: key) {
            guard let money = Money(text) else {
                throw APIError.invalidField(
                    key.stringValue, "\(key.stringValue) '\(text)' is not a decimal amount ≥ 0 with '.', e.g. \"1.20\"")
            }
            return money
        }
        let number = try container.decode(Decimal.self, forKey: key)
        guard number >= 0 else {
            throw APIError.invalidField(key.stringValue, "\(key.stringValue) must be ≥ 0")
        }
        return Money(value: number)
    }

    private static let expected: [String: String] = [
        "id": "a string matching [A-Za-z0-9_-]{1,64}",
        "status": "a string",
        "type": "a string",
        "payout": "a decimal string such as \"1.20\"",
        "events": "an object of event name to decimal payout",
        "token": "a string or null",
        "conversion_window_days": "a whole number of days",
        "default_conversion_status": "a string",
        "tracking_link": "a string or null",
        "dedup": "a string",
    ]
}
