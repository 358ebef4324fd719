import ArgumentParser
import Foundation
import Logging
import PostbackCore
import Scenarios
import Trackers

/// `postback-harness check`: lints a postback template for one tracker and, with `--simulate`,
/// plays a test conversion through an embedded receiver.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Lint a postback template for a tracker; --simulate plays a test conversion.",
        discussion: """
            Exit 0 when the template is clean (warnings allowed) and, with --simulate, the test \
            conversion was accepted; 1 when there are problems; 2 for bad usage (unknown tracker, \
            empty URL).
            """
    )

    /// `--format`.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "A tracker (postback-harness trackers lists them) or a custom profile file.")
    var tracker: String

    @Argument(
        help: """
            The postback URL as pasted into the tracker (quote it in the shell); for adjust, the callback \
            (as is, URL-encoded, or the whole click link carrying it).
            """)
    var url: String

    @Option(help: "The ClickWall campaign id the template must name.")
    var campaign: String?

    @Flag(help: "Play a test conversion through an embedded receiver and print what it recorded.")
    var simulate = false

    @Option(help: "Event name the tracker fills in, for adjust its event token (with --simulate).")
    var event = "install"

    @Option(help: "Payout the tracker fills in, also its revenue (with --simulate).")
    var payout = "1.00"

    @Option(
        help: """
            The test campaign's type (with --simulate): cpi, cpl, cpa (multi-event: install and --event) \
            or cps (needs an amount).
            """)
    var type: CampaignType = .cpi

    @Option(
        help: """
            The conversion's status in ClickWall's words, pending, approved or declined (with --simulate); \
            the tracker sends its own word for it (Keitaro: lead, sale, rejected).
            """)
    var status: String?

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        guard !url.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("the postback URL is empty: pass the URL as configured in the tracker, in quotes")
        }
        if let status, ConversionStatus(rawValue: status) == nil {
            throw ValidationError("--status '\(status)' is not pending, approved or declined (ClickWall's words)")
        }
        if let campaign, !Campaign.isValidID(campaign) {
            throw ValidationError("--campaign '\(campaign)' is not a campaign id (1–64 of A–Z a–z 0–9 _ -)")
        }
    }

    func run() async throws {
        let profile = try TrackerArgument.profile(named: tracker)
        let lint = TemplateLint(
            profile: profile, campaignID: campaign, campaignType: type, status: status.flatMap(ConversionStatus.init))
        let findings = lint.findings(in: url)
        var simulation: TestConversion.Report?
        if simulate {
            simulation = try await simulate(profile: profile)
        }
        let document = CheckDocument(
            tracker: profile.name, template: url, campaignID: campaign, findings: findings,
            simulation: simulation.map(CheckDocument.Simulation.init))
        switch format {
        case .json: print(try document.json())
        case .text: print(CheckReport(lint: lint, template: url, findings: findings, simulation: simulation).text)
        }
        let accepted = simulation.map { $0.verdict?.result == .accepted } ?? true
        if findings.contains(where: { $0.severity == .error }) || !accepted {
            throw HarnessExit.failed()
        }
    }

    private func simulate(profile: TrackerProfile) async throws -> TestConversion.Report {
        // Adjust: the campaign id is in the callback, which may be encoded or on a click link.
        let postback = profile.configuredPostback(url, trackerEvent: event) ?? url
        let fromURL = ClickCapture(parameter: "campaign_id").clickID(fromTrackingURL: postback).flatMap {
            Campaign.isValidID($0) ? $0 : nil
        }
        let campaignID = campaign ?? fromURL ?? "1234"
        let values = ConversionValues(
            clickID: nil, campaignID: campaignID, event: event, payout: payout, amount: payout, currency: "USD",
            // A conversion has a status in the field: approved unless --status says otherwise, so a
            // status macro sends the tracker's word for it (BeMob: confirm).
            txid: "test-1", status: status ?? ConversionStatus.approved.rawValue,
            unixTime: Int(Date().timeIntervalSince1970))
        var logger = Logger(label: "postback-harness.check")
        logger.logLevel = .error
        let configuration: RunnerConfiguration
        do {
            configuration = try .embedded(logger: logger)
        } catch {
            throw HarnessExit.runtime("error: cannot write the test certificates: \(error)")
        }
        do {
            return try await TestConversion(
                profile: profile, template: url, campaignID: campaignID, values: values, campaignType: type
            ).run(configuration: configuration)
        } catch {
            throw HarnessExit.runtime("error: the test conversion could not run: \(error)")
        }
    }
}

extension CampaignType: ExpressibleByArgument {}
