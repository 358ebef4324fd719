import Foundation
import PostbackCore

/// How both stores write domain values into columns and read them back: decimals and money as
/// plain text, enums by raw value, JSON with sorted keys, the log's body as text.
///
/// A stored value that does not decode (a row edited by hand, a file from elsewhere) is a
/// ``StoreError`` `.unavailable` naming the row and the value, never a crash. Pure functions.
enum StoredValue {
    /// The enum case stored as `text` in `column` of `what` (`"campaign 'c1'"`).
    ///
    /// - Throws: ``StoreError`` `.unavailable` when `text` is no case of `Value`.
    static func enumValue<Value: RawRepresentable<String>>(
        _ type: Value.Type, _ text: String, _ column: String, of what: String
    ) throws -> Value {
        guard let value = Value(rawValue: text) else {
            throw StoreError.unavailable("stored \(what) has an unreadable \(column) '\(text)'")
        }
        return value
    }

    /// The amount stored as `text` in `column` of `what`.
    ///
    /// - Throws: ``StoreError`` `.unavailable` when `text` is not a plain decimal ≥ 0.
    static func money(_ text: String, _ column: String, of what: String) throws -> Money {
        guard let value = Money(text) else {
            throw StoreError.unavailable("stored \(what) has an unreadable \(column) '\(text)'")
        }
        return value
    }

    /// A stored decimal sum (any sign, any number of digits).
    ///
    /// - Throws: ``StoreError`` `.unavailable` when `text` is not a decimal number.
    static func decimal(_ text: String, _ column: String, of what: String) throws -> Decimal {
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), !value.isNaN else {
            throw StoreError.unavailable("stored \(what) has an unreadable \(column) '\(text)'")
        }
        return value
    }

    /// The plain decimal text stored for an amount: `"0.3"`, `"1.2"`, `"12"`, `"-0.7"`.
    static func text(_ value: Decimal) -> String {
        value.description
    }

    /// A campaign's events as stored JSON (`{"install":"1.20"}`), `nil` for none.
    static func encodeEvents(_ events: [String: Money]?) throws -> String? {
        guard let events else { return nil }
        return try encodeJSON(events)
    }

    /// A campaign's events from their stored JSON.
    ///
    /// - Throws: ``StoreError`` `.unavailable` when the JSON does not decode.
    static func decodeEvents(_ text: String, of what: String) throws -> [String: Money] {
        try decodeJSON([String: Money].self, text, "events", of: what)
    }

    /// `value` as compact JSON with sorted keys and unescaped slashes.
    static func encodeJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A list stored as JSON: `"[]"` for an empty one without running the encoder.
    static func encodeJSONList(_ values: [some Encodable]) throws -> String {
        values.isEmpty ? "[]" : try encodeJSON(values)
    }

    /// The `Value` stored as JSON `text` in `column` of `what`.
    ///
    /// - Throws: ``StoreError`` `.unavailable` (with the first 200 characters) when it does not decode.
    static func decodeJSON<Value: Decodable>(_ type: Value.Type, _ text: String, _ column: String, of what: String)
        throws -> Value
    {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.unavailable("stored \(what) has unreadable \(column) JSON: \(text.prefix(200))")
        }
    }

    /// The message the log keeps for `verdict`: empty for an accepted postback's, which
    /// ``logMessage(stored:result:conversionID:)`` writes again from its conversion id, else the
    /// message as answered.
    static func logMessage(_ verdict: Verdict) -> String {
        guard verdict.result == .accepted, let id = verdict.conversionID,
            verdict.message == Verdict.accepted(conversionID: id).message
        else { return verdict.message }
        return ""
    }

    /// The message of a log line as it was answered, from what ``logMessage(_:)`` stored.
    static func logMessage(stored: String, result: PostbackResult, conversionID: String?) -> String {
        guard stored.isEmpty, result == .accepted, let conversionID else { return stored }
        return Verdict.accepted(conversionID: conversionID).message
    }

    /// The body the log keeps: the request's bytes as UTF-8, invalid bytes and NUL (which a
    /// PostgreSQL text cannot hold) replaced by U+FFFD; `nil` for none.
    static func logBody(_ request: PostbackRequest) -> String? {
        guard !request.body.isEmpty else { return nil }
        let text = String(decoding: request.body, as: UTF8.self)
        return text.utf8.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }

    /// The header fields the log keeps, one `Name: value` line each (a parsed field holds no
    /// line break; NUL is replaced by U+FFFD); `nil` when none are known.
    static func logHeaders(_ request: PostbackRequest) -> String? {
        guard !request.headers.isEmpty else { return nil }
        var text = ""
        text.reserveCapacity(request.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 3 })
        for header in request.headers {
            if !text.isEmpty { text += "\n" }
            text += header.name
            text += ": "
            text += header.value
        }
        return text.utf8.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }

    /// The header fields of a log line's `headers` text (``logHeaders(_:)``); `nil` for `nil`.
    static func headers(fromLog text: String?) -> [PostbackHeader]? {
        text.map { text in
            text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
                guard let colon = line.firstIndex(of: ":") else { return PostbackHeader(String(line), "") }
                let value = line[line.index(after: colon)...].drop { $0 == " " }
                return PostbackHeader(String(line[..<colon]), String(value))
            }
        }
    }
}
