import Testing
import Trackers

struct ClickCaptureTests {
    @Test(arguments: [
        ("https://app.appsflyer.com/id1?pid=clickwall_int&clickid=abc123", "abc123"),
        ("https://app.appsflyer.com/id1?clickid=abc123&pid=x", "abc123"),
        ("https://t.example/?clickid=a%2Fb%20c", "a/b c"),
        ("https://t.example/?clickid=a+b", "a+b"),
        ("https://t.example/?clickid=first&clickid=second", "first"),
        ("https://t.example/?clickid=abc#frag", "abc"),
        ("https://t.example/?click%69d=encoded-name", "encoded-name"),
        ("https://t.example/?clickid=bad%zz", "bad%zz"),
    ])
    func capturesTheClickID(_ url: String, _ expected: String) {
        #expect(TrackerProfile.appsFlyer.captureClickID(fromTrackingURL: url) == expected)
    }

    @Test(arguments: [
        "https://app.appsflyer.com/id1?pid=clickwall_int",
        "https://app.appsflyer.com/id1",
        "https://app.appsflyer.com/id1?clickid=",
        "https://app.appsflyer.com/id1?clickid",
        "https://app.appsflyer.com/id1?ClickID=abc",
        "https://app.appsflyer.com/id1?click_id=abc",
        "https://app.appsflyer.com/id1#?clickid=abc",
    ])
    func noClickIDWhenTheLinkDoesNotPassIt(_ url: String) {
        #expect(TrackerProfile.appsFlyer.captureClickID(fromTrackingURL: url) == nil)
    }

    @Test func scenarioClickParameterOverridesTheProfile() {
        var profile = TrackerProfile.voluum
        profile.clickParameter = "cw_click"
        let url = "https://trk.example.voluum.com/abc?cw_click=K9&externalid=other"
        #expect(profile.captureClickID(fromTrackingURL: url) == "K9")
        #expect(TrackerProfile.voluum.captureClickID(fromTrackingURL: url) == "other")
    }
}
