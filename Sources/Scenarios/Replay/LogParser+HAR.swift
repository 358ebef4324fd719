import Foundation

extension LogParser {
    /// HAR 1.2: `log.entries[].request` with `method`, `url` and `postData` (`mimeType`, `text`),
    /// and `startedDateTime`.
    static func parseHAR(_ text: String, file: String) throws(ReplayInputError) -> ParsedLog {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw ReplayInputError("\(file): not a HAR file: the text is not JSON (\(reason))")
        }
        guard let top = root as? [String: Any], let logObject = top["log"] as? [String: Any],
            let entries = logObject["entries"] as? [Any]
        else {
            throw ReplayInputError("\(file): not a HAR file: JSON without log.entries")
        }
        var log = ParsedLog(format: .har, postbacks: [], unparsable: [], otherRequests: [])
        for (offset, item) in entries.enumerated() {
            let number = offset + 1
            guard let entry = item as? [String: Any], let request = entry["request"] as? [String: Any],
                let method = request["method"] as? String, let url = request["url"] as? String
            else {
                log.unparsable.append(LogNote(line: number, message: "the entry has no request.method and request.url"))
                continue
            }
            guard let parsed = URLListLine.parse(url) else {
                log.unparsable.append(LogNote(line: number, message: "request.url '\(url.prefix(80))' is not a URL"))
                continue
            }
            var postback = LoggedPostback(line: number, method: method, target: parsed.target)
            postback.scheme = parsed.scheme
            let headers = request["headers"] as? [[String: Any]] ?? []
            postback.userAgent =
                headers.first { ($0["name"] as? String)?.lowercased() == "user-agent" }?["value"] as? String
            if let postData = request["postData"] as? [String: Any], let body = postData["text"] as? String {
                postback.body = Array(body.utf8)
                postback.contentType = postData["mimeType"] as? String
            }
            if let response = entry["response"] as? [String: Any], let status = response["status"] as? Int, status > 0 {
                postback.logged = LoggedAnswer(status: status)
            }
            if let started = entry["startedDateTime"] as? String {
                postback.time = LogTime.iso8601(started)
            }
            add(postback, to: &log)
        }
        return log
    }
}
