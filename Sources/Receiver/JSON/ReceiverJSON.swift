import Foundation
import Hummingbird

/// The receiver's JSON conventions: snake_case keys from the Codable types, dates as ISO-8601
/// with fractional seconds, slashes unescaped, `application/json` responses.
enum ReceiverJSON {
    static let contentType = "application/json; charset=utf-8"

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatDate(date))
        }
        return encoder
    }

    static func decoder() -> JSONDecoder {
        JSONDecoder()
    }

    /// `2025-01-31T12:00:00.123Z`.
    static func formatDate(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Parses ISO-8601 with or without fractional seconds; a time zone is required.
    static func parseDate(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// A JSON response with `value` as its body.
    static func response(_ value: some Encodable, status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        let data: Data
        do {
            data = try encoder().encode(value)
        } catch {
            // Only our own types are encoded here; a failure is a bug, still answered in JSON.
            data = Data(#"{"error":"internal_error","message":"the answer could not be encoded"}"#.utf8)
            return body(data, status: .internalServerError, headers: headers)
        }
        return body(data, status: status, headers: headers)
    }

    private static func body(_ data: Data, status: HTTPResponse.Status, headers: HTTPFields) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
