import Foundation
import PostbackCore

/// One line of nginx's or Apache's combined (or common) log format:
/// `127.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET /postback/advertiser?… HTTP/1.1" 200 93 "-" "UA"`.
///
/// nginx writes bytes outside printable ASCII and `"` as `\xHH`; they are turned back into the
/// bytes that were received (kept escaped when they are not UTF-8).
struct CombinedLogLine {
    var time: Date?
    /// The quoted request field, unescaped.
    var requestField: String
    /// The status the server answered (the field after the request).
    var status: Int?
    /// The user agent (the quoted field after the referer), `nil` for `-` or a common log line.
    var userAgent: String?

    init?(_ line: String) {
        // host ident user [time] "request" status size …
        let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        guard fields.count == 4, fields[3].hasPrefix("["),
            let close = fields[3].firstIndex(of: "]")
        else { return nil }
        let rest = fields[3]
        let timeText = rest[rest.index(after: rest.startIndex)..<close]
        var afterTime = rest[rest.index(after: close)...].drop { $0 == " " }
        guard afterTime.first == "\"" else { return nil }
        afterTime = afterTime.dropFirst()
        var request = ""
        var index = afterTime.startIndex
        var closed = false
        while index < afterTime.endIndex {
            let character = afterTime[index]
            if character == "\\", afterTime.index(after: index) < afterTime.endIndex {
                let next = afterTime[afterTime.index(after: index)]
                if next == "\"" || next == "\\" {
                    request.append(next)
                    index = afterTime.index(index, offsetBy: 2)
                    continue
                }
            }
            if character == "\"" {
                closed = true
                break
            }
            request.append(character)
            index = afterTime.index(after: index)
        }
        guard closed else { return nil }
        let after = afterTime[afterTime.index(after: index)...].drop { $0 == " " }
        status = Int(after.prefix { $0 != " " })
        let trailing = ALBLogLine.tokens(String(after))
        if trailing.count > 3, trailing[3] != "-", !trailing[3].isEmpty { userAgent = Self.unescape(trailing[3]) }
        time = Self.parseTime(String(timeText))
        requestField = Self.unescape(request)
    }

    /// The line as a request, a line without one (`"-" 400 0`), or why it cannot be read.
    static func read(_ line: String) -> LogLineReading {
        guard let entry = CombinedLogLine(line) else { return .unreadable("not a combined access log line") }
        guard let request = requestLine(entry.requestField) else {
            if entry.requestField.isEmpty || entry.requestField == "-" {
                return .noRequest(
                    "no request: the connection closed before it sent one (\"-\" \(entry.status.map(String.init) ?? "-"))"
                )
            }
            return .unreadable("the request field is not 'METHOD TARGET PROTOCOL'")
        }
        var postback = LoggedPostback(
            line: 0, method: request.method, target: request.target, time: entry.time,
            logged: entry.status.map { LoggedAnswer(status: $0) })
        postback.bodyNotLogged = request.method == "POST"
        postback.userAgent = entry.userAgent
        return .request(postback)
    }

    /// `METHOD TARGET PROTOCOL` (or `METHOD TARGET`), `nil` for `-` or garbage.
    static func requestLine(_ requestField: String) -> (method: String, target: String)? {
        let parts = requestField.split(separator: " ", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), !parts[0].isEmpty,
            parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }), parts[1].hasPrefix("/")
        else { return nil }
        if parts.count == 3, !parts[2].hasPrefix("HTTP/") { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    /// `10/Oct/2025:13:55:36 +0000`, as `$time_local` and Apache's `%t` write it.
    static func parseTime(_ text: String) -> Date? { formatter.date(from: text) }

    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "dd/MMM/yyyy:HH:mm:ss Z"
        return formatter
    }()

    /// `\xHH` back to bytes, when the result is UTF-8; else as written.
    static func unescape(_ text: String) -> String {
        guard text.contains("\\x") else { return text }
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "\\"), index + 3 < source.count, source[index + 1] == UInt8(ascii: "x"),
                let value = UInt8(String(decoding: source[(index + 2)...(index + 3)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? text
    }
}

/// One line of a URL list: `https://host/path?query`, `/path?query`, optionally after `GET ` or `POST `.
enum URLListLine {
    /// The line as a request (a `POST` line's body is not in the list), or why it is not one.
    static func read(_ line: String) -> LogLineReading {
        guard let parsed = parse(line) else { return .unreadable("not a URL (https://… or /path?…)") }
        var postback = LoggedPostback(line: 0, method: parsed.method, target: parsed.target)
        postback.scheme = parsed.scheme
        postback.bodyNotLogged = parsed.method == "POST"
        return .request(postback)
    }

    static func parse(_ line: String) -> (method: String, target: String, scheme: String?)? {
        var method = "GET"
        var url = Substring(line)
        if let space = line.firstIndex(of: " ") {
            let word = line[..<space]
            if word.allSatisfy({ $0.isASCII && $0.isUppercase }), !word.isEmpty {
                method = String(word)
                url = line[line.index(after: space)...].drop { $0 == " " }
            }
        }
        if url.hasPrefix("/") { return (method, String(url), nil) }
        let parsed = PostbackURL(String(url))
        guard let scheme = parsed.scheme, ["http", "https"].contains(scheme) else { return nil }
        return (method, parsed.target, scheme)
    }
}
