import Foundation
import PostbackCore

/// AppMetrica's Logs API export of the postbacks it sent (`GET /logs/v1/export/postbacks.json`,
/// `{"data": [{…}]}`, or `.csv`, a header line naming the fields): one attempt per entry, with
/// `postback_url`, `postback_url_parameters`, `attempt_timestamp` (Unix seconds) or
/// `attempt_datetime` (`yyyy-mm-dd hh:mm:ss`, read as UTC), and `response_code`.
///
/// The request target is `postback_url`'s path and query; when the URL has no query,
/// `postback_url_parameters` is taken as its query. AppMetrica sends GET or POST and the export
/// does not say which: GET is assumed. A `response_code` of 0 is an attempt without an answer.
enum AppMetricaPostbacks {
    /// Whether `text` is such an export: JSON with a `data` array, or CSV whose header names
    /// `postback_url`.
    static func looksLikeExport(_ text: String, firstLine: String) -> Bool {
        if firstLine.hasPrefix("{") {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
                return false
            }
            return object["data"] is [Any] && object["log"] == nil
        }
        let header = firstLine.hasPrefix("\u{FEFF}") ? String(firstLine.dropFirst()) : firstLine
        return CSV.rows(header).first?.contains("postback_url") ?? false
    }

    /// The entries as field name → value.
    static func entries(_ text: String, file: String) throws(ReplayInputError) -> [[String: String]] {
        let trimmed = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        if trimmed.drop(while: \.isWhitespace).hasPrefix("{") {
            let root: Any
            do {
                root = try JSONSerialization.jsonObject(with: Data(trimmed.utf8))
            } catch {
                throw ReplayInputError("\(file): not an AppMetrica postbacks export: the text is not JSON")
            }
            guard let data = (root as? [String: Any])?["data"] as? [Any] else {
                throw ReplayInputError("\(file): not an AppMetrica postbacks export: JSON without a data array")
            }
            return data.map { item in
                ((item as? [String: Any]) ?? [:]).compactMapValues { value in
                    switch value {
                    case let text as String: text
                    case let number as NSNumber: number.stringValue
                    default: nil
                    }
                }
            }
        }
        let rows = CSV.rows(trimmed)
        guard let header = rows.first, header.contains("postback_url") else {
            throw ReplayInputError("\(file): not an AppMetrica postbacks export: no header line naming postback_url")
        }
        return rows.dropFirst().filter { $0 != [""] }.map { row in
            var entry: [String: String] = [:]
            for (index, name) in header.enumerated() where index < row.count { entry[name] = row[index] }
            return entry
        }
    }

    /// The postback of one entry, or why it cannot be read.
    static func postback(_ entry: [String: String], number: Int) -> LogLineReading {
        guard let url = entry["postback_url"], !url.isEmpty else {
            return .unreadable("the entry has no postback_url")
        }
        let parameters = entry["postback_url_parameters"] ?? ""
        let full = url.contains("?") || parameters.isEmpty ? url : url + "?" + parameters
        guard let parsed = URLListLine.parse(full) else {
            return .unreadable("postback_url '\(url.prefix(80))' is not a URL")
        }
        var postback = LoggedPostback(line: number, method: "GET", target: parsed.target)
        postback.scheme = parsed.scheme
        if let code = entry["response_code"].flatMap({ Int($0) }), code > 0 {
            postback.logged = LoggedAnswer(status: code)
        }
        if let seconds = entry["attempt_timestamp"].flatMap({ Double($0) }) {
            postback.time = Date(timeIntervalSince1970: seconds)
        } else if let text = entry["attempt_datetime"] {
            postback.time = LogTime.iso8601(text.replacingOccurrences(of: " ", with: "T") + "Z")
        }
        return .request(postback)
    }
}

extension LogParser {
    static func parseAppMetrica(_ text: String, file: String) throws(ReplayInputError) -> ParsedLog {
        var log = ParsedLog(format: .appmetrica, postbacks: [], unparsable: [], otherRequests: [])
        for (offset, entry) in try AppMetricaPostbacks.entries(text, file: file).enumerated() {
            switch AppMetricaPostbacks.postback(entry, number: offset + 1) {
            case .request(let postback): add(postback, to: &log)
            case .noRequest(let why): log.notRequests.append(LogNote(line: offset + 1, message: why))
            case .unreadable(let why): log.unparsable.append(LogNote(line: offset + 1, message: why))
            }
        }
        // Attempts in the order they were made.
        log.postbacks.sort { ($0.time ?? .distantPast, $0.line) < ($1.time ?? .distantPast, $1.line) }
        return log
    }
}

/// RFC 4180 CSV: fields separated by commas, a quoted field may hold commas, line breaks and
/// doubled quotes.
enum CSV {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pending: Character?
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                row.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            default: field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
