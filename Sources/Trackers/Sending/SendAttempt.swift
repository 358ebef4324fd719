import Foundation

/// One send of one postback, as the tracker made it and as the receiver answered it.
public struct SendAttempt: Sendable, Hashable {
    /// 1 for the first send, 2 for the first retry, …
    public var attempt: Int
    public var method: String
    /// The URL exactly as the tracker filled it.
    public var url: String
    /// The form body of a POST, if any.
    public var body: String?
    /// How the send ended, from the tracker's point of view.
    public var outcome: DeliveryOutcome
    /// The HTTP status, when there was an answer.
    public var status: Int?
    /// The receiver's answer body.
    public var answer: String?
    /// curl's message, or why the postback was not sent at all.
    public var error: String?

    public init(
        attempt: Int, method: String, url: String, body: String? = nil, outcome: DeliveryOutcome, status: Int? = nil,
        answer: String? = nil, error: String? = nil
    ) {
        self.attempt = attempt
        self.method = method
        self.url = url
        self.body = body
        self.outcome = outcome
        self.status = status
        self.answer = answer
        self.error = error
    }
}

extension SendAttempt: Encodable {
    enum CodingKeys: String, CodingKey { case attempt, method, url, body, outcome, status, answer, error }

    /// The attempt as the JSON report and `check --format json` show it: every key present
    /// (`null` where there is no value), `outcome` as ``DeliveryOutcome/wireName``.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(attempt, forKey: .attempt)
        try c.encode(method, forKey: .method)
        try c.encode(url, forKey: .url)
        try c.encode(body, forKey: .body)
        try c.encode(outcome.wireName, forKey: .outcome)
        try c.encode(status, forKey: .status)
        try c.encode(answer, forKey: .answer)
        try c.encode(error, forKey: .error)
    }
}
