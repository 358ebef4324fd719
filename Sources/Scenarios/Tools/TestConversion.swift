import Curl
import Foundation
import PostbackCore
import Receiver
import Store
import Trackers

/// The guide's "launch a test conversion" (`check --simulate`): an embedded receiver, the
/// campaign, one click through `GET /click/{id}`, the tracker capturing its click id, filling the
/// template and sending it over libcurl (TLS when the URL says https); then what the receiver
/// recorded and why.
public struct TestConversion: Sendable {
    public var profile: TrackerProfile
    public var template: String
    public var campaignID: String
    /// The values the tracker fills besides the click id (event, payout, …).
    public var values: ConversionValues
    /// The test campaign's type: `cpa` makes it a multi-event campaign whose events are `install`
    /// and the conversion's event; `cps` needs `amount`.
    public var campaignType: CampaignType

    public init(
        profile: TrackerProfile, template: String, campaignID: String, values: ConversionValues,
        campaignType: CampaignType = .cpi
    ) {
        self.profile = profile
        self.template = template
        self.campaignID = campaignID
        self.values = values
        self.campaignType = campaignType
    }

    /// What the test conversion gave.
    public struct Report: Sendable {
        public var campaign: Campaign
        /// Where the click redirected, and the click id the tracker captured from it.
        public var trackingLink: String?
        public var clickID: String?
        /// Every send of the postback, as the tracker made it.
        public var attempts: [SendAttempt]
        /// For each URL sent (one, or each URL of a split field), what the tracker reports upstream
        /// next to what happened.
        public var deliveries: [DeliveryReport] = []
        /// Why nothing was sent, when nothing was: the tracker does not fire for the conversion's
        /// status, or the click link carries no callback for the event.
        public var notSentReason: String?
        public var verdict: Verdict?
        /// The receiver's postback log, oldest first.
        public var log: [PostbackLogEntry]
        public var stats: CampaignStats?
    }

    /// The campaign created for the test: active, of ``campaignType`` (cpa: with the events
    /// `install` and the conversion's event, each paying 1.00), its tracking link passing the click id
    /// in the parameter the tracker captures; a `token` written in the template is its token.
    ///
    /// For a tracker that takes its callbacks from the click link (Adjust) the tracking link is
    /// the click link carrying the template as its callback, URL-encoded with ClickWall's raw
    /// `{click_id}` inside (or the click link itself, when the template is one), as the Adjust
    /// scenarios set it up.
    public var campaign: Campaign {
        let trackingLink = profile.testTrackingLink(for: template, trackerEvent: trackerEvent)
        let payout = Money("1.00") ?? .zero
        var campaign = Campaign(
            id: campaignID, status: .active, type: campaignType, payout: payout, trackingLink: trackingLink)
        if campaignType == .cpa {
            var events = ["install": payout]
            if let event = values.event { events[event] = payout }
            campaign.events = events
        }
        let postback = profile.configuredPostback(template, trackerEvent: trackerEvent) ?? template
        for (name, value) in URLQuery.pairs(of: postback) where name == "token" && !MacroDetector.containsMacro(value) {
            campaign.token = PercentEncoding.decode(value) ?? value
        }
        return campaign
    }

    /// The event as the tracker knows it (an Adjust event token), for the callback it picks.
    var trackerEvent: String? { values.trackerEvent ?? values.event }

    public func run(configuration: RunnerConfiguration) async throws -> Report {
        let store = try SQLitePostbackStore(
            path: nil, rules: PostbackRules(trackerHints: TrackerProfile.receiverHints))
        var receiverConfiguration = ReceiverConfiguration()
        receiverConfiguration.tls = configuration.tls
        let campaign = self.campaign
        return try await withReceiver(
            configuration: receiverConfiguration, store: store, logger: configuration.logger
        ) { receiver in
            try await CurlClient.withClient { client in
                let admin = AdminClient(client: client, baseURL: receiver.baseURL)
                try await admin.putCampaign(campaign)
                let click = try await admin.makeClicks(campaignID: campaign.id, count: 1).first
                let captured =
                    click.map { click in
                        click.location.map { profile.capture(fromTrackingURL: $0) }
                            ?? CapturedClick(clickID: click.clickID)
                    } ?? .organic
                var values = self.values
                values.clickID = captured.clickID
                values.campaignID = values.campaignID ?? campaign.id
                values.trackerEvent = trackerEvent
                values.clickParameters = captured.parameters
                // Adjust sends the callback it decoded from the link, ClickWall's click id already in it;
                // a tracker that splits the field sends each of its URLs.
                let templates = profile.postbackTemplates(
                    for: captured, trackerEvent: trackerEvent, configured: [template])
                var attempts: [SendAttempt] = []
                var deliveries: [DeliveryReport] = []
                var notSentReason = profile.notFiredReason(forStatus: values.status)
                if notSentReason == nil, templates.isEmpty {
                    notSentReason = "the click link carries no callback for this event"
                }
                if notSentReason == nil {
                    let route = PostbackRoute(
                        httpPort: receiver.port, httpsPort: receiver.tlsPort, caFile: configuration.caFile)
                    let sender = PostbackSender(client: client, route: route, timeScale: 0)
                    for template in templates {
                        let sent = await sender.send(profile.fill(template: template, values: values), profile: profile)
                        attempts += sent
                        deliveries.append(profile.deliveryReport(after: sent))
                    }
                }
                let verdict = attempts.last(where: { $0.answer != nil })?.answer.flatMap {
                    try? ReceiverJSONDecoding.verdict(from: $0)
                }
                let log = try await store.postbacks(PostbackLogFilter(limit: 50)).reversed()
                return Report(
                    campaign: campaign, trackingLink: click?.location, clickID: values.clickID, attempts: attempts,
                    deliveries: deliveries, notSentReason: notSentReason, verdict: verdict, log: Array(log),
                    stats: try await store.stats(campaignID: campaign.id))
            }
        }
    }
}
