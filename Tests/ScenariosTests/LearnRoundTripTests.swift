import Foundation
import Logging
import PostbackCore
import PostbackTesting
import Receiver
import Testing
import Trackers

@testable import Scenarios

/// `learn` round-trips every built-in and shipped profile: the simulator's own traffic is
/// captured by a real receiver, learnt from its `/api/postbacks` export, and the learnt profile
/// sends the same parameters with the same value shapes, repeats on the same schedule, and its
/// scenario passes.
@Suite(.timeLimit(.minutes(3)))
struct LearnRoundTripTests {
    static let profiles = TrackerProfile.knownNames

    /// The receiver answers 5xx to this many of the first postbacks, all of them the first two
    /// conversions': as many as the tracker sends for them, so that a retrying tracker gives up on
    /// both and shows its whole schedule twice.
    static func failures(_ profile: TrackerProfile) -> Int { 2 * profile.retry.maxAttempts }

    /// The time scale that makes the tracker's shortest retry delay last 2 s: a loaded machine
    /// sends late by a few hundred milliseconds, which the learner's 20 % allowance absorbs.
    static func timeScale(_ profile: TrackerProfile) -> Double {
        guard let shortest = profile.retry.delays.min(), profile.retry.maxAttempts > 1 else { return 0.00001 }
        return 2 / (Double(shortest.components.seconds) + Double(shortest.components.attoseconds) / 1e18)
    }

    /// The macro meaning behind each parameter of ``template(_:)``.
    static func meanings(_ profile: TrackerProfile) -> [String: MacroValue] {
        var meanings: [String: MacroValue] = ["click_id": .clickID]
        for (parameter, kind) in kinds {
            if let macro = profile.macros.filter({ kind($0.value) }).map(\.key).sorted().first {
                meanings[parameter] = profile.macros[macro]
            }
        }
        return meanings
    }

    static let kinds: [(String, @Sendable (MacroValue) -> Bool)] = [
        ("payout", { $0 == .payout }), ("amount", { $0 == .amount }), ("status", { $0 == .status }),
        ("event", { $0 == .event }), ("txid", { $0 == .txid }), ("currency", { $0 == .currency }),
        ("dev", { $0 == .deviceID }), ("ts", { $0 == .unixTime }), ("dt", { $0 == .dateTime }),
        ("ip", { $0 == .ipAddress }), ("tcid", { $0 == .trackerClickID }), ("geo", { $0 == .countryCode }),
        ("sub", { if case .text = $0 { true } else { false } }),
    ]

    /// A template using every kind of macro the profile has, under parameter names that say the kind.
    static func template(_ profile: TrackerProfile) -> String {
        func first(_ wanted: (MacroValue) -> Bool) -> String? {
            profile.macros.filter { wanted($0.value) }.map(\.key).sorted().first
        }
        var pieces = ["campaign_id=3001"]
        let click =
            profile.capturesCallbacks ? "{click_id}" : first { $0 == .clickID }.map(profile.documentedForm) ?? ""
        pieces.append("click_id=" + click)
        for (parameter, kind) in kinds {
            guard let macro = first(kind) else { continue }
            let form = profile.documentedForm(of: macro)
            pieces.append("\(parameter)=" + form)
        }
        pieces.append("src=learnt")
        return "https://clickwall.net/postback/advertiser?" + pieces.joined(separator: "&")
    }

    /// The capture: two conversions the receiver fails until the tracker gives up, then four
    /// more in two steps with other events, statuses and payouts.
    static func captureScenario(_ name: String) throws -> Scenario {
        let profile = try #require(TrackerProfile.builtIn(named: name) ?? TrackerProfile.shipped(named: name))
        let template = template(profile)
        let link = profile.testTrackingLink(for: template, trackerEvent: nil)
        let postback = profile.capturesCallbacks ? "" : ", postback: \(ScenarioEmitter.quoted(template))"
        let inApp = profile.capturesCallbacks ? "install" : "purchase"
        let yaml = """
            name: capture \(name)
            campaigns:
              - {id: "3001", status: active, type: cpi, payout: "2.00", tracking_link: \(ScenarioEmitter.quoted(link))}
            clicks:
              - {campaign: "3001", count: 8}
            trackers:
              - {name: t, profile: \(name), campaign: "3001"\(postback)}
            traffic:
              - {tracker: t, convert: 2, event: install, status: approved, payout: "1.50", amount: "1.50", txid: "T-1", currency: EUR}
              - {tracker: t, convert: 2, offset: 2, event: install, status: approved, payout: "1.50", amount: "1.50", txid: "T-2", currency: EUR}
              - {tracker: t, convert: 2, offset: 4, event: \(inApp), status: pending, payout: "0.75", amount: "0.75", txid: "T-3", currency: USD}
            receiver: {fail_first: \(failures(profile))}
            time_scale: \(timeScale(profile))
            """
        return try ScenarioLoader().load(yaml: yaml, file: "capture-\(name).yaml")
    }

    /// Runs `scenario` against a real receiver on 127.0.0.1 and returns its postback log
    /// export and the clicks its tracker converted (under the campaign ids the run used).
    static func capture(_ scenario: Scenario) async throws -> (export: String, clicks: [ClickRecord], passed: Bool) {
        let tls = PackageRoot.fixture("tls")
        var configuration = ReceiverConfiguration()
        configuration.tls = .init(
            certificateChain: tls.appendingPathComponent("server.pem").path,
            privateKey: tls.appendingPathComponent("server-key.pem").path)
        configuration.faults = ReceiverFaults()
        return try await withTestReceiver(configuration: configuration) { receiver in
            var external = try ExternalReceiver(
                url: receiver.baseURL, tlsPort: receiver.running.tlsPort,
                caFile: tls.appendingPathComponent("ca.pem").path, runID: "cap")
            external.offersFaults = true
            var runner = RunnerConfiguration.fixtures(root: PackageRoot.url)
            runner.external = external
            let result = await ScenarioRunner(configuration: runner).run(scenario)
            #expect(result.error == nil, "\(result.error ?? "")")
            let export = try await receiver.get("/api/postbacks?limit=10000").bodyText
            var clicks: [ClickRecord] = []
            for send in result.sends {
                guard let id = send.clickID, !clicks.contains(where: { $0.clickID == id }) else { continue }
                clicks.append(ClickRecord(campaignID: external.campaignPrefix + "1-" + send.campaignID, clickID: id))
            }
            return (export, clicks, result.error == nil && result.skipReason == nil)
        }
    }

    /// Each postback of an export as `METHOD name=shape&…` (the click id's value as `click`).
    static func signatures(_ export: String, clicks: [ClickRecord]) throws -> [String] {
        let log = try LogParser.parse(export, file: "export.json")
        let issued = Set(clicks.map(\.clickID))
        return log.postbacks.map { postback in
            let sample = TrackerLearner.Sample(postback)
            let fields = sample.pieces.map { piece in
                let shape =
                    issued.contains(piece.value)
                    ? "click" : piece.name == "campaign_id" ? "campaign" : "\(ValueShape(piece.value))"
                return "\(piece.name)=\(shape)"
            }
            return postback.method + " " + postback.path + "?" + fields.joined(separator: "&")
        }.sorted()
    }

    /// The learnt tracker, its files written to a temporary folder, and the scenario's run.
    static func learn(
        _ export: String, clicks: [ClickRecord], name: String, timeScale: Double, in folder: URL
    ) async throws -> (learnt: LearntTracker, profile: TrackerProfile, scenario: Scenario) {
        let log = try LogParser.parse(export, file: "capture.json")
        let learnt = try TrackerLearner(
            log: log, clicks: clicks, name: "learnt-\(name)", file: "capture.json", timeScale: timeScale
        ).learn()
        var logger = Logger(label: "learn-test")
        logger.logLevel = .critical
        let report = try await LogReplay(log: TrackerLearner.decidedLog(log), campaigns: nil, clicks: clicks).run(
            logger: logger)
        let profileURL = folder.appendingPathComponent("learnt-\(name).yaml")
        try learnt.profileYAML(sourceName: "capture.json").write(to: profileURL, atomically: true, encoding: .utf8)
        let scenarioURL = folder.appendingPathComponent("learnt-\(name).scenario.yaml")
        try LearntScenario(
            learnt: learnt, report: report, profilePath: "learnt-\(name).yaml", logName: "capture.json", unit: "entry"
        ).yaml().write(to: scenarioURL, atomically: true, encoding: .utf8)
        let profile = try TrackerProfileLoader.load(path: profileURL.path)
        let scenario = try ScenarioLoader().load(path: scenarioURL.path)
        return (learnt, profile, scenario)
    }

    @Test(
        "learnt from its own traffic, a profile sends the same parameters and value shapes and repeats on the same schedule; the learnt scenario passes",
        arguments: profiles)
    func roundTrip(_ name: String) async throws {
        let original = try #require(TrackerProfile.builtIn(named: name) ?? TrackerProfile.shipped(named: name))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("learn-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let scale = Self.timeScale(original)

        let first = try await Self.capture(try Self.captureScenario(name))
        #expect(first.passed)
        let learnt = try await Self.learn(first.export, clicks: first.clicks, name: name, timeScale: scale, in: folder)
        if ProcessInfo.processInfo.environment["LEARN_DEBUG"] != nil {
            print(first.export)
            print(learnt.learnt.profileYAML(sourceName: "x"))
            print(
                try String(contentsOf: folder.appendingPathComponent("learnt-\(name).scenario.yaml"), encoding: .utf8))
        }

        // Each parameter: the macro meaning the original filled it with.
        let learntMeanings = Dictionary(
            uniqueKeysWithValues: learnt.learnt.parameters.map { ($0.name, $0.macroName == nil ? nil : $0.macroValue) })
        for (parameter, meaning) in Self.meanings(original) {
            let found = learntMeanings[parameter] ?? nil
            if case .text = meaning, case .text = found { continue }
            #expect(found == meaning, "\(name): \(parameter)")
        }
        #expect(learntMeanings["src"] == .some(nil), "the constant is literal text")

        // The profile: method, User-Agent, encoding and the schedule of repeats.
        #expect(learnt.profile.method == original.method)
        #expect(learnt.profile.userAgent == original.userAgent)
        if !learnt.learnt.unknowns.contains(where: { $0.contains("whether values are encoded") }) {
            #expect(learnt.profile.encodesValues == original.encodesValues)
        }
        let retries =
            original.retry.maxAttempts > 1 && original.retry.conditions.contains { $0.matches(.answered(status: 503)) }
        if retries {
            #expect(learnt.profile.retry.maxAttempts == original.retry.maxAttempts)
            #expect(learnt.profile.retry.delays == original.retry.delays)
        } else {
            #expect(learnt.profile.retry.maxAttempts == 1, "\(name) does not retry after a 503")
        }

        // The learnt scenario passes on the embedded receiver.
        let run = await ScenarioRunner(configuration: .fixtures(root: PackageRoot.url)).run(learnt.scenario)
        #expect(run.error == nil, "\(run.error ?? "")")
        #expect(run.passed, "\(run.campaigns.flatMap(\.differences))")

        // Its traffic, captured the same way, has the same shape and schedule as the original's.
        var replayed = learnt.scenario
        replayed.timeScale = scale
        let second = try await Self.capture(replayed)
        if ProcessInfo.processInfo.environment["LEARN_DEBUG"] != nil {
            print(try Self.signatures(second.export, clicks: second.clicks))
            print(try Self.signatures(first.export, clicks: first.clicks))
        }
        #expect(
            try Self.signatures(second.export, clicks: second.clicks)
                == Self.signatures(first.export, clicks: first.clicks))
        let relearnt = try await Self.learn(
            second.export, clicks: second.clicks, name: name, timeScale: scale, in: folder)
        #expect(relearnt.profile.retry == learnt.profile.retry)
    }
}
