import Foundation

/// Reads an access log, a URL list or a HAR file into the postbacks to replay.
///
/// Requests whose path starts with `/postback` are postbacks (a wrong path such as
/// `/postback/advertiser/` is replayed too, to show what it gets); other requests are listed as
/// such. A line that cannot be read in the format is reported with its number.
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
        case .combined, .urls: log = parseLines(text, format: chosen)
        }
        if log.postbacks.isEmpty && log.otherRequests.isEmpty {
            let first = log.unparsable.first.map { " (\(chosen.unit) \($0.line): \($0.message))" } ?? ""
            throw ReplayInputError("\(file): no \(chosen.unit) could be read as \(describe(chosen))\(first)")
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
            if line.hasPrefix("{") { return .har }
            if CombinedLogLine(line) != nil { return .combined }
            if URLListLine.parse(line) != nil { return .urls }
            throw ReplayInputError(
                "\(file):\(number): cannot tell the log format from '\(line.prefix(60))': it is not a combined "
                    + "access log line, a URL or HAR JSON; pass --format combined, urls or har")
        }
        throw ReplayInputError("\(file): the log is empty")
    }

    static func describe(_ format: LogFormat) -> String {
        switch format {
        case .combined: "a combined access log line"
        case .urls: "a URL"
        case .har: "a HAR entry"
        }
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
            let request: (method: String, target: String, time: Date?, status: Int?)?
            var scheme: String?
            switch format {
            case .combined:
                request = CombinedLogLine(trimmed).flatMap { entry in
                    entry.request.map { ($0.method, $0.target, entry.time, entry.status) }
                }
                if request == nil {
                    let why =
                        CombinedLogLine(trimmed) == nil
                        ? "not a combined access log line" : "the request field is not 'METHOD TARGET PROTOCOL'"
                    log.unparsable.append(LogNote(line: number, message: "\(why): '\(trimmed.prefix(80))'"))
                    continue
                }
            case .urls:
                request = URLListLine.parse(trimmed).map { ($0.method, $0.target, nil, nil) }
                scheme = URLListLine.parse(trimmed)?.scheme
                if request == nil {
                    log.unparsable.append(
                        LogNote(line: number, message: "not a URL (https://… or /path?…): '\(trimmed.prefix(80))'"))
                    continue
                }
            case .har:
                request = nil
            }
            guard let request else { continue }
            var postback = LoggedPostback(
                line: number, method: request.method, target: request.target, time: request.time,
                logged: request.status.map { LoggedAnswer(status: $0) })
            postback.scheme = scheme
            add(postback, to: &log)
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
