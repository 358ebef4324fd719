import Foundation

extension LogParser {
    /// The receiver's own postback log, as `GET /api/postbacks` answers it: a JSON array, newest
    /// first, of objects with `received_at`, `method`, `url` (the request target), `body`, `user_agent`, `tls`,
    /// `http_status`, `result` and `reason`. Replayed oldest first; entries keep their position
    /// in the file as their number.
    static func parseExport(_ text: String, file: String) throws(ReplayInputError) -> ParsedLog {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw ReplayInputError("\(file): not a postback log export: the text is not JSON (\(reason))")
        }
        guard let entries = root as? [Any] else {
            throw ReplayInputError("\(file): not a postback log export: JSON that is not an array")
        }
        var log = ParsedLog(format: .export, postbacks: [], unparsable: [], otherRequests: [])
        for (offset, item) in entries.enumerated() {
            let number = offset + 1
            guard let entry = item as? [String: Any], let method = entry["method"] as? String,
                let url = entry["url"] as? String
            else {
                log.unparsable.append(LogNote(line: number, message: "the entry has no method and url"))
                continue
            }
            guard let parsed = URLListLine.parse(url) else {
                log.unparsable.append(LogNote(line: number, message: "url '\(url.prefix(80))' is not a request target"))
                continue
            }
            var postback = LoggedPostback(
                line: number, method: method, target: parsed.target,
                time: (entry["received_at"] as? String).flatMap(LogTime.iso8601),
                logged: LoggedAnswer(
                    status: entry["http_status"] as? Int, result: entry["result"] as? String,
                    reason: entry["reason"] as? String))
            postback.userAgent = entry["user_agent"] as? String
            if let tls = entry["tls"] as? Bool { postback.scheme = tls ? "https" : "http" }
            if let body = entry["body"] as? String {
                postback.body = Array(body.utf8)
                postback.contentType = "application/x-www-form-urlencoded"
            }
            add(postback, to: &log)
        }
        // Newest first in the file; the receiver saw them oldest first.
        log.postbacks.sort { ($0.time ?? .distantPast, -$0.line) < ($1.time ?? .distantPast, -$1.line) }
        return log
    }
}
