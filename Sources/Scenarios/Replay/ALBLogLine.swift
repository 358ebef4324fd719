import Foundation

/// One line of an AWS Application Load Balancer access log:
/// `https 2025-11-03T14:00:01.123456Z app/lb/50dc… 203.0.113.7:2817 10.0.0.1:80 0.000 0.001 0.000 200 200
/// 34 366 "GET https://clickwall.net:443/postback/advertiser?… HTTP/1.1" "AppsFlyer" …
/// 2025-11-03T14:00:01.120000Z …`.
///
/// The status is `elb_status_code` (what the client was answered); the time is
/// `request_creation_time` when the line has it, else the line's own time (when the answer was
/// sent). A request the load balancer could not parse is logged as `"- - - "`.
struct ALBLogLine {
    /// The connection types an ALB logs first on a line.
    static let types: Set<String> = ["http", "https", "h2", "grpcs", "ws", "wss"]

    /// Whether `line` starts as an ALB line does: a connection type, then an ISO-8601 time.
    static func looksLikeALB(_ line: String) -> Bool {
        let fields = line.split(separator: " ", maxSplits: 2)
        return fields.count == 3 && types.contains(String(fields[0])) && LogTime.iso8601(String(fields[1])) != nil
    }

    static func read(_ line: String) -> LogLineReading {
        let fields = tokens(line)
        guard fields.count >= 13, types.contains(fields[0]), let logged = LogTime.iso8601(fields[1]) else {
            return .unreadable("not an AWS ALB access log line")
        }
        let status = Int(fields[8])
        let created = fields.count > 21 ? LogTime.iso8601(fields[21]) : nil
        let request = fields[12].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard request.count >= 2, request[0] != "-" else {
            return .noRequest("no request: the load balancer could not read one (status \(fields[8]))")
        }
        guard let parsed = URLListLine.parse(request[1]) else {
            return .unreadable("the request field '\(fields[12].prefix(80))' holds no URL")
        }
        var postback = LoggedPostback(
            line: 0, method: request[0], target: parsed.target, time: created ?? logged,
            logged: status.map { LoggedAnswer(status: $0) })
        postback.scheme = parsed.scheme
        postback.bodyNotLogged = postback.method == "POST"
        if fields.count > 13, fields[13] != "-" { postback.userAgent = fields[13] }
        return .request(postback)
    }

    /// Space-separated fields, a `"…"` field as one (ALB escapes no quote inside one).
    static func tokens(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var inField = false
        for character in line {
            if quoted {
                if character == "\"" {
                    quoted = false
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
                inField = true
            } else if character == " " {
                if inField { fields.append(current) }
                current = ""
                inField = false
            } else {
                current.append(character)
                inField = true
            }
        }
        if inField { fields.append(current) }
        return fields
    }
}
