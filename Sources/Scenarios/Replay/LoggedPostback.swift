import Foundation

/// One request read from a log, with the exact bytes it carried: method, request target and
/// (from a HAR) the body.
public struct LoggedPostback: Sendable, Hashable {
    /// The line number (from 1), or the HAR entry number.
    public var line: Int
    public var method: String
    /// The request target exactly as logged: path and query, percent-encoding untouched.
    public var target: String
    public var body: [UInt8]?
    public var contentType: String?
    /// When it was received, when the log says.
    public var time: Date?
    /// What the receiver answered then, as far as the log says.
    public var logged: LoggedAnswer?
    /// `http` or `https` when the log says (a URL list, a HAR); `nil` for an access log line.
    public var scheme: String?
    /// A POST from a log that does not keep request bodies (access logs, URL lists): what it sent
    /// in its body is unknown, and it is judged on what is there.
    public var bodyNotLogged = false
    /// The `User-Agent` the request carried, when the log says (`nil` also for none sent).
    public var userAgent: String?

    public init(
        line: Int, method: String, target: String, body: [UInt8]? = nil, contentType: String? = nil, time: Date? = nil,
        logged: LoggedAnswer? = nil
    ) {
        self.line = line
        self.method = method
        self.target = target
        self.body = body
        self.contentType = contentType
        self.time = time
        self.logged = logged
    }

    /// The path of ``target``, before any `?`.
    public var path: Substring { target.prefix { $0 != "?" } }
}

/// The answer a log recorded for a request: the HTTP status (access logs, HAR), or the verdict
/// (the receiver's own `/api/postbacks` export, which has no status).
public struct LoggedAnswer: Sendable, Hashable {
    public var status: Int?
    /// `accepted`, `duplicate`, `status_updated`, `rejected` or `unavailable`.
    public var result: String?
    public var reason: String?

    public init(status: Int? = nil, result: String? = nil, reason: String? = nil) {
        self.status = status
        self.result = result
        self.reason = reason
    }

    /// `HTTP 404`, `rejected unknown_click`, or both.
    public var description: String {
        let verdict = [result, reason].compactMap { $0 }.joined(separator: " ")
        switch (status, verdict.isEmpty) {
        case (let status?, true): return "HTTP \(status)"
        case (let status?, false): return "HTTP \(status) \(verdict)"
        case (nil, _): return verdict
        }
    }
}

/// A line of a log that was not replayed, and why.
public struct LogNote: Sendable, Hashable {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

/// A log read for replay: its postbacks in order, the lines that could not be read, and the
/// requests that are not postbacks.
public struct ParsedLog: Sendable {
    public var format: LogFormat
    public var postbacks: [LoggedPostback]
    /// Lines that could not be parsed in the format (reported, counted, never dropped silently).
    public var unparsable: [LogNote]
    /// Requests to other paths (`/click/…`, `/healthz`): read, not replayed.
    public var otherRequests: [LogNote]
    /// Lines that log no request at all (nginx's `"-" 400 0`): read, nothing to replay.
    public var notRequests: [LogNote]

    public init(
        format: LogFormat, postbacks: [LoggedPostback], unparsable: [LogNote], otherRequests: [LogNote],
        notRequests: [LogNote] = []
    ) {
        self.format = format
        self.postbacks = postbacks
        self.unparsable = unparsable
        self.otherRequests = otherRequests
        self.notRequests = notRequests
    }
}

/// A log or companion file that cannot be used at all (exit 2).
public struct ReplayInputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
