import Foundation

/// Reads a log of requests into the postbacks to replay: an access log (nginx or Apache combined,
/// nginx JSON, Cloudflare JSON, AWS ALB), a URL list, a HAR file, the receiver's own postback
/// log export, or AppMetrica's export of the postbacks it sent.
///
/// Requests whose path starts with `/postback` are postbacks (a wrong path such as
/// `/postback/advertiser/` is replayed too, to show what it gets); other requests (health checks,
/// clicks) are listed as not postbacks, and lines that log no request at all (nginx's `"-" 400 0`)
/// as not requests. A line that cannot be read in the format is reported with its number.
public enum LogParser {
    /// Parses `text` (named `file` in messages) in `format`, or the detected one when `nil`.
    public static func parse(_ text: String, file: String, format: LogFormat? = nil) throws(ReplayInputError)
        -> ParsedLog
    {
        let chosen: LogFormat
        if let format {
            chosen = format
        } else {
            chosen = try detect(text, file: file)
        }
        let log: ParsedLog
        switch chosen {
        case .har: log = try parseHAR(text, file: file)
        case .export: log = try parseExport(text, file: file)
        case .appmetrica: log = try parseAppMetrica(text, file: file)
        case .combined, .json, .alb, .urls: log = parseLines(text, format: chosen)
        }
        if log.postbacks.isEmpty && log.otherRequests.isEmpty && log.notRequests.isEmpty {
            let first = log.unparsable.first.map { " (\(chosen.unit) \($0.line): \($0.message))" } ?? ""
            throw ReplayInputError("\(file): no \(chosen.unit) could be read as \(chosen.entryName)\(first)")
        }
        return log
    }

    /// The format of `text`, from its first line that is not blank or a `#` comment.
    public static func detect(_ text: String, file: String) throws(ReplayInputError) -> LogFormat {
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") { return .export }
            if AppMetricaPostbacks.looksLikeExport(text, firstLine: line) { return .appmetrica }
            if line.hasPrefix("{") {
                // A JSON log has an object per line; a HAR is one object, its first line `{` alone
                // or `{"log": …`.
                if let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                    object["log"] == nil
                {
                    return .json
                }
                return .har
            }
            if ALBLogLine.looksLikeALB(line) { return .alb }
            if CombinedLogLine(line) != nil { return .combined }
            if URLListLine.parse(line) != nil { return .urls }
            throw ReplayInputError(
                "\(file):\(number): cannot tell the log format from '\(line.prefix(60))': it is not an access log "
                    + "line (combined, JSON, ALB), a URL, HAR or a postback log export; pass --format "
                    + LogFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        throw ReplayInputError("\(file): the log is empty")
    }

    static func parseLines(_ text: String, format: LogFormat) -> ParsedLog {
        var log = ParsedLog(format: format, postbacks: [], unparsable: [], otherRequests: [])
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || (format == .urls && trimmed.hasPrefix("#")) { continue }
            let reading: LogLineReading
            switch format {
            case .combined: reading = CombinedLogLine.read(trimmed)
            case .json: reading = JSONLogLine.read(trimmed)
            case .alb: reading = ALBLogLine.read(trimmed)
            case .urls: reading = URLListLine.read(trimmed)
            case .har, .export, .appmetrica: continue
            }
            switch reading {
            case .request(var postback):
                postback.line = number
                add(postback, to: &log)
            case .noRequest(let why):
                log.notRequests.append(LogNote(line: number, message: why))
            case .unreadable(let why):
                log.unparsable.append(LogNote(line: number, message: "\(why): '\(trimmed.prefix(80))'"))
            }
        }
        return log
    }

    static func add(_ postback: LoggedPostback, to log: inout ParsedLog) {
        if postback.path.hasPrefix("/postback") {
            log.postbacks.append(postback)
        } else {
            log.otherRequests.append(
                LogNote(
                    line: postback.line,
                    message: "\(postback.method) \(postback.path) is not a postback: not replayed"))
        }
    }
}
