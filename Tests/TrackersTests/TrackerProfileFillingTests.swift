import Testing
import Trackers

struct TrackerProfileFillingTests {
    static let template =
        "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id={cid}&payout={pay}&sub={note}"
    static let values = ConversionValues(
        clickID: "a b&c/é", campaignID: "1234", payout: "1.20", extra: ["note": "x=y"])

    static func profile(encodes: Bool = true, unknown: MacroFallback = .literal, missing: MacroFallback = .empty)
        -> TrackerProfile
    {
        TrackerProfile(
            name: "t", macros: ["cid": .clickID, "pay": .payout, "note": .extra("note"), "tx": .txid],
            unknownMacro: unknown, missingValue: missing, encodesValues: encodes, clickParameter: "c")
    }

    @Test func encodesValuesWhenTheProfileEncodes() {
        let url = Self.profile().fill(template: Self.template, values: Self.values)
        #expect(
            url
                == "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id=a%20b%26c%2F%C3%A9&payout=1.20&sub=x%3Dy"
        )
    }

    @Test func sendsValuesRawWhenEncodingIsOff() {
        let url = Self.profile(encodes: false).fill(template: Self.template, values: Self.values)
        #expect(
            url == "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id=a b&c/é&payout=1.20&sub=x=y")
    }

    @Test(arguments: [
        (MacroFallback.literal, "u={unknown}&c=abc"),
        (.encoded, "u=%7Bunknown%7D&c=abc"),
        (.empty, "u=&c=abc"),
    ])
    func unknownMacro(_ fallback: MacroFallback, _ expected: String) {
        let url = Self.profile(unknown: fallback).fill(template: "u={unknown}&c={cid}", values: .init(clickID: "abc"))
        #expect(url == expected)
    }

    @Test(arguments: [
        (MacroFallback.literal, "c={cid}&t={tx}"),
        (.encoded, "c=%7Bcid%7D&t=%7Btx%7D"),
        (.empty, "c=&t="),
    ])
    func knownMacroWithoutValue(_ fallback: MacroFallback, _ expected: String) {
        let url = Self.profile(missing: fallback).fill(template: "c={cid}&t={tx}", values: .init(clickID: nil))
        #expect(url == expected)
    }

    @Test func literalEmptyAndConstantSources() {
        let profile = TrackerProfile(
            name: "t", macros: ["lit": .literal, "gone": .empty, "k": .constant("v 1"), "cid": .clickID],
            clickParameter: "c")
        let url = profile.fill(template: "a={lit}&b={gone}&k={k}&c={cid}", values: .init(clickID: "z"))
        #expect(url == "a={lit}&b=&k=v%201&c=z")
    }

    @Test func rawPrefixSkipsEncodingAsKeitaro() {
        var profile = Self.profile()
        profile.rawMacroPrefix = "_"
        let url = profile.fill(template: "c={cid}&raw={_cid}&other={_nothing}", values: .init(clickID: "a b"))
        #expect(url == "c=a%20b&raw=a b&other={_nothing}")
        #expect(profile.knowsMacro("_cid"))
        #expect(!profile.knowsMacro("_nothing"))
    }

    @Test func everyValueSource() {
        let profile = TrackerProfile(
            name: "t",
            macros: [
                "a": .clickID, "b": .campaignID, "c": .event, "d": .payout, "e": .amount, "f": .currency,
                "g": .txid, "h": .status, "i": .trackerClickID,
            ], clickParameter: "c")
        let values = ConversionValues(
            clickID: "ck", campaignID: "42", event: "purchase", payout: "2.5", amount: "10.00", currency: "EUR",
            txid: "T-9", status: "approved")
        let url = profile.fill(template: "{a}|{b}|{c}|{d}|{e}|{f}|{g}|{h}|{i}", values: values)
        #expect(url == "ck|42|purchase|2.5|10.00|EUR|T-9|approved|\(MacroValue.trackerClickID(for: "ck"))")
    }

    @Test func trackerClickIDIsStableAndNotTheClickID() {
        let id = MacroValue.trackerClickID(for: "abc")
        #expect(id == MacroValue.trackerClickID(for: "abc"))
        #expect(id != MacroValue.trackerClickID(for: "abd"))
        #expect(id.count == 16)
        #expect(id != "abc")
    }

    @Test func voluumClickIDTokenSendsAnIDClickWallNeverIssued() {
        let template = "https://clickwall.net/postback/advertiser?campaign_id=1&click_id="
        let right = TrackerProfile.voluum.fill(template: template + "{externalid}", values: .init(clickID: "K1"))
        let wrong = TrackerProfile.voluum.fill(template: template + "{clickid}", values: .init(clickID: "K1"))
        #expect(right == template + "K1")
        #expect(wrong == template + MacroValue.trackerClickID(for: "K1"))
    }

    @Test func appsFlyerAcceptsBothSyntaxes() {
        let url = TrackerProfile.appsFlyer.fill(
            template: "?click_id={clickid}&c2=(clickid)&idfa=(idfa)&x=(not-a-macro)", values: .init(clickID: "Q"))
        #expect(url == "?click_id=Q&c2=Q&idfa=\(MacroValue.deviceID(for: "Q"))&x=(not-a-macro)")
    }

    @Test func percentEncodingRoundTrip() {
        let text = "a b&c=d/é~._-"
        #expect(PercentEncoding.encode(text) == "a%20b%26c%3Dd%2F%C3%A9~._-")
        #expect(PercentEncoding.decode(PercentEncoding.encode(text)) == text)
        #expect(PercentEncoding.decode("100%") == nil)
        #expect(PercentEncoding.decode("%zz") == nil)
        #expect(PercentEncoding.decode("%FF") == nil)
    }
}
