import Curl
import Foundation
import PostbackCore
import Trackers

/// One postback sent as a tracker would send it (`postback-harness send`), to the URL given,
/// once: the profile's method, encoding, timeouts and User-Agent; its retries are described,
/// not waited for.
public struct TrackerSend: Sendable {
    public var profile: TrackerProfile
    /// The template as configured in the tracker (macros are filled from ``values``).
    public var template: String
    public var values: ConversionValues
    /// libcurl `CONNECT_TO` entries, `HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT`.
    public var connectTo: [String]
    /// A CA file to verify the server's certificate against.
    public var caFile: String?

    public init(
        profile: TrackerProfile, template: String, values: ConversionValues, connectTo: [String] = [],
        caFile: String? = nil
    ) {
        self.profile = profile
        self.template = template
        self.values = values
        self.connectTo = connectTo
        self.caFile = caFile
    }

    /// What the send did.
    public struct Report: Sendable {
        /// The URL exactly as the tracker filled it.
        public var url: String
        public var method: String
        /// The request line's target.
        public var target: String
        public var body: String?
        /// Request headers the tracker sets, as `Name: value` lines.
        public var headers: [String]
        public var connectTo: [String]
        /// The HTTP status, when there was an answer.
        public var status: Int?
        public var answer: String?
        /// The receiver's verdict, when the answer is the JSON of DESIGN §3.
        public var verdict: Verdict?
        /// curl's message when there was no answer.
        public var error: String?
        /// What the tracker would do next, e.g. retry in 15 minutes.
        public var retryNote: String?

        /// Accepted, duplicate or status update: the receiver has the conversion.
        public var isDelivered: Bool {
            guard let verdict else { return false }
            return verdict.result != .rejected
        }
    }

    /// The event as the tracker knows it, which picks an Adjust callback.
    var trackerEvent: String? { values.trackerEvent ?? values.event }

    /// The template the tracker fills. For a tracker that takes its callbacks from the click link
    /// (Adjust), ``template`` is the callback (as is, encoded, or a whole click link): ClickWall
    /// fills its raw `{click_id}` with the click id when the user clicks, and the tracker decodes
    /// the callback for the event from the link. `nil` when it has none: an organic install (no
    /// click id), or a link without a callback for the event.
    public var postbackTemplate: String? {
        profile.clickedPostback(template, clickID: values.clickID, trackerEvent: trackerEvent)
    }

    public func run() async throws -> Report {
        guard let template = postbackTemplate else {
            let reason = profile.whyNoPostback(clickID: values.clickID, trackerEvent: trackerEvent)
            return Report(
                url: template, method: profile.method.rawValue, target: PostbackURL(template).target, body: nil,
                headers: [], connectTo: connectTo, error: reason)
        }
        let url = profile.fill(template: template, values: values)
        let request = TrackerRequest(url: url, profile: profile, connectTo: connectTo, caFile: caFile)
        var headers = request.curl.headers.map { "\($0.name): \($0.value)" }
        if let userAgent = request.curl.userAgent { headers.insert("User-Agent: \(userAgent)", at: 0) }
        var report = Report(
            url: url, method: request.curl.method, target: request.target, body: request.body, headers: headers,
            connectTo: connectTo)
        if let refusal = request.refusal {
            report.error = refusal
            return report
        }
        let outcome: DeliveryOutcome
        do {
            let response = try await CurlClient.withClient(maxConnections: 1) { client in
                try await client.send(request.curl)
            }
            report.status = response.status
            report.answer = response.bodyText
            report.verdict = try? ReceiverJSONDecoding.verdict(from: response.bodyText)
            outcome = .answered(status: response.status)
        } catch let error as CurlError {
            report.error = error.description
            outcome = error.isTimeout ? .timedOut : .connectionFailed
        }
        if profile.retry.shouldRetry(after: outcome, attempt: 1, success: profile.successClasses) {
            let delay = profile.retry.delay(afterAttempt: 1)
            report.retryNote =
                "\(profile.name) would send it again (up to \(profile.retry.maxAttempts - 1) more times, the next in "
                + "\(Self.describe(delay)))."
        }
        return report
    }

    static func describe(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        if seconds == 0 { return "no time" }
        if seconds % 3600 == 0 { return "\(seconds / 3600) h" }
        if seconds % 60 == 0 { return "\(seconds / 60) min" }
        return "\(seconds) s"
    }
}
