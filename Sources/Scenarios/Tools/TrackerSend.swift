import Curl
import Foundation
import PostbackCore
import Trackers

/// One postback sent as a tracker would send it (`postback-harness send`), to the URL given,
/// once: the profile's method, encoding, timeouts and User-Agent, each URL of a field the tracker
/// splits, nothing for a status it does not fire on; its retries are described, not waited for.
public struct TrackerSend: Sendable {
    public var profile: TrackerProfile
    /// The template as configured in the tracker (macros are filled from ``values``).
    public var template: String
    public var values: ConversionValues
    /// libcurl `CONNECT_TO` entries, `HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT`.
    public var connectTo: [String]
    /// A CA file to verify the server's certificate against.
    public var caFile: String?
    /// Where ClickWall's receiver is (`--receiver`): each URL then goes by the harness's one
    /// routing rule (``PostbackRoute``), another host or port not reaching it, before ``connectTo``.
    public var route: PostbackRoute?

    public init(
        profile: TrackerProfile, template: String, values: ConversionValues, connectTo: [String] = [],
        caFile: String? = nil, route: PostbackRoute? = nil
    ) {
        self.profile = profile
        self.template = template
        self.values = values
        self.connectTo = connectTo
        self.caFile = caFile
        self.route = route
    }

    /// What the send of one URL did.
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
        /// curl's message, or why nothing was sent, when there was no answer.
        public var error: String?
        /// What the tracker would do next, e.g. retry in 15 minutes.
        public var retryNote: String?
        /// What the tracker reports upstream next to what happened; `nil` when nothing was sent.
        public var delivery: DeliveryReport?

        /// Accepted, duplicate or status update: the receiver has the conversion.
        public var isDelivered: Bool {
            guard let verdict else { return false }
            return verdict.result != .rejected
        }
    }

    /// The event as the tracker knows it, which picks an Adjust callback.
    var trackerEvent: String? { values.trackerEvent ?? values.event }

    /// The templates the tracker fills, one per URL it sends. For a tracker that takes its
    /// callbacks from the click link (Adjust), ``template`` is the callback (as is, encoded, or a
    /// whole click link): ClickWall fills its raw `{click_id}` with the click id when the user
    /// clicks, and the tracker decodes the callback for the event from the link. Empty when it has
    /// none: an organic install (no click id), or a link without a callback for the event.
    public var postbackTemplates: [String] {
        profile.clickedPostbacks(template, clickID: values.clickID, trackerEvent: trackerEvent)
    }

    /// Sends each URL once, in order; one report per URL, or one saying why nothing was sent.
    public func run() async throws -> [Report] {
        let templates = postbackTemplates
        let reason =
            profile.notFiredReason(forStatus: values.status)
            ?? (templates.isEmpty ? profile.whyNoPostback(clickID: values.clickID, trackerEvent: trackerEvent) : nil)
        if let reason {
            return [
                Report(
                    url: template, method: profile.method.rawValue, target: PostbackURL(template).target, body: nil,
                    headers: [], connectTo: connectTo, error: reason)
            ]
        }
        var reports: [Report] = []
        for template in templates {
            var report = try await send(profile.fill(template: template, values: values))
            // Another network's URL beside ClickWall's in a split field: the tracker sends it there,
            // out of the harness's reach; not a mistake in the setup.
            if templates.count > 1, report.status == nil, let route,
                let host = PostbackURL(report.url).host?.lowercased(), !route.receiverHosts.contains(host)
            {
                report.error = "not sent: '\(host)' is another network's URL, outside what the harness reaches"
            }
            reports.append(report)
        }
        return reports
    }

    private func send(_ url: String) async throws -> Report {
        var routes = connectTo
        var refusal: PostbackRoute.RouteError?
        switch route?.connectTo(for: url) {
        case .success(let entry): routes.insert(entry, at: 0)
        case .failure(let error): refusal = error
        case nil: break
        }
        let request = TrackerRequest(url: url, profile: profile, connectTo: routes, caFile: caFile)
        var headers = request.curl.headers.map { "\($0.name): \($0.value)" }
        if let userAgent = request.curl.userAgent { headers.insert("User-Agent: \(userAgent)", at: 0) }
        var report = Report(
            url: url, method: request.curl.method, target: request.target, body: request.body, headers: headers,
            connectTo: routes)
        if let refusal, !refusal.isUnreachable {
            report.error = refusal.message
            return report
        }
        if let refusal = request.refusal {
            report.error = refusal
            return report
        }
        let outcome: DeliveryOutcome
        if let refusal {
            // A port ClickWall does not listen on: the tracker tries, and the connection fails.
            report.error = refusal.message
            outcome = .connectionFailed
        } else {
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
        }
        report.delivery = profile.deliveryReport(afterLast: outcome)
        if profile.retry.shouldRetry(after: outcome, attempt: 1, success: profile.successClasses) {
            let delay = profile.retry.delay(afterAttempt: 1)
            report.retryNote =
                "\(profile.name) would send it again (up to \(profile.retry.maxAttempts - 1) more times, the next "
                + "\(delay == .zero ? "at once" : "in " + delay.shorthand))."
        }
        return report
    }
}
