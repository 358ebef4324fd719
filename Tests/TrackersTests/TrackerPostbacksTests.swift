import PostbackCore
import Testing
import Trackers

/// The questions callers above `Trackers` ask a tracker instead of branching on which one it is:
/// the postbacks of one conversion, the postback a configured text stands for, the scenario
/// keys it takes.
struct TrackerPostbacksTests {
    static let callback = "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id={click_id}"
    static let adjustClick = CapturedClick(clickID: "c1", callbacks: ["install_callback": "CB-install"])

    struct Conversion: Sendable, CustomTestStringConvertible {
        var profile: TrackerProfile
        var click: CapturedClick
        var event: String?
        var configured: [String]
        var sent: [String]
        var testDescription: String { "\(profile.name) \(event ?? "install")" }
    }

    static let conversions: [Conversion] = [
        .init(profile: .appsFlyer, click: CapturedClick(clickID: "c1"), configured: ["T"], sent: ["T"]),
        .init(profile: .voluum, click: .organic, event: "purchase", configured: ["T", "U"], sent: ["T", "U"]),
        .init(profile: .adjust, click: adjustClick, configured: [], sent: ["CB-install"]),
        .init(profile: .adjust, click: adjustClick, event: "abc123", configured: [], sent: []),
        .init(profile: .adjust, click: .organic, configured: ["T"], sent: []),
    ]

    @Test(arguments: conversions)
    func thePostbacksOfAConversion(_ conversion: Conversion) {
        let sent = conversion.profile.postbackTemplates(
            for: conversion.click, trackerEvent: conversion.event, configured: conversion.configured)
        #expect(sent == conversion.sent)
    }

    @Test func aCallbackTrackerSendsTheCallbackItTookFromTheClickedLink() {
        let sent = TrackerProfile.adjust.clickedPostbacks(Self.callback, clickID: "c9", trackerEvent: nil)
        #expect(sent == ["https://clickwall.net/postback/advertiser?campaign_id=1234&click_id=c9"])
        #expect(TrackerProfile.adjust.clickedPostbacks(Self.callback, clickID: nil, trackerEvent: nil).isEmpty)
        #expect(TrackerProfile.adjust.configuredPostback(Self.callback, trackerEvent: nil) == Self.callback)
        #expect(TrackerProfile.adjust.whyNoPostback(clickID: nil, trackerEvent: nil).contains("organic install"))
        #expect(TrackerProfile.adjust.whyNoPostback(clickID: "c9", trackerEvent: "abc").contains("event_callback_abc"))
    }

    @Test(arguments: [TrackerProfile.appsFlyer, .voluum])
    func aTemplateTrackerSendsItsTemplate(_ profile: TrackerProfile) {
        #expect(profile.clickedPostbacks("T", clickID: nil, trackerEvent: nil) == ["T"])
        #expect(profile.configuredPostback("T", trackerEvent: "purchase") == "T")
        #expect(profile.problem(configuringPostbackKey: "postback", trackerName: "t") == nil)
        #expect(profile.problemWithoutPostback(trackerName: "t") != nil)
    }

    @Test("a tracker that splits the field sends each of its URLs, empty pieces dropped")
    func aSplitFieldSendsEachURL() throws {
        let prosper = try #require(TrackerProfile.shipped(named: "prosper202"))
        #expect(prosper.clickedPostbacks("A  B ", clickID: "c", trackerEvent: nil) == ["A", "B"])
        #expect(TrackerProfile.voluum.clickedPostbacks("A B", clickID: "c", trackerEvent: nil) == ["A B"])
    }

    @Test func aCallbackTrackerTakesNoPostbackKey() {
        for key in TrackerProfile.postbackKeys {
            #expect(TrackerProfile.adjust.problem(configuringPostbackKey: key, trackerName: "a")?.contains(key) == true)
        }
        #expect(TrackerProfile.adjust.problemWithoutPostback(trackerName: "a") == nil)
    }

    @Test func replaysAreReproducedWithTheTemplateTrackersThatRepeatFirst() {
        let senders = TrackerProfile.builtInSenders
        #expect(senders.map(\.profile.name) == ["appsflyer", "voluum"])
        #expect(senders.map(\.clickMacro) == ["{clickid}", "{externalid}"])
    }
}
