import Curl
import Testing
import Trackers

/// One routing rule for `run`, `send`, `check --simulate` and `replay`: a postback reaches the
/// receiver only at `clickwall.net` on its scheme's port; another port fails to connect, as in
/// the field; another host is never sent.
struct PostbackRouteTests {
    static let route = PostbackRoute(httpPort: 18080, httpsPort: 18443)

    @Test(
        "clickwall.net on its scheme's port is routed to the receiver",
        arguments: [
            ("https://clickwall.net/postback/advertiser?x=1", "clickwall.net:443:127.0.0.1:18443"),
            ("https://clickwall.net:443/postback/advertiser", "clickwall.net:443:127.0.0.1:18443"),
            ("http://clickwall.net/postback/advertiser", "clickwall.net:80:127.0.0.1:18080"),
            ("HTTPS://ClickWall.net/postback/advertiser", "ClickWall.net:443:127.0.0.1:18443"),
        ])
    func routed(url: String, entry: String) throws {
        let routed = try Self.route.connectTo(for: url).get()
        #expect(routed == entry)
    }

    @Test(
        "another port is a connection that fails; another host is not ClickWall's",
        arguments: [
            ("https://clickwall.net:8443/postback/advertiser", true),
            ("http://clickwall.net:8080/postback/advertiser", true),
            ("https://127.0.0.1/postback/advertiser", false),
            ("https://localhost:9/postback/advertiser", false),
            ("https://clickwall.com/postback/advertiser", false),
        ])
    func notRouted(url: String, unreachable: Bool) throws {
        guard case .failure(let error) = Self.route.connectTo(for: url) else {
            Issue.record("\(url) was routed")
            return
        }
        #expect(error.isUnreachable == unreachable, "\(error)")
    }

    @Test("a tracker sending to another port meets a failed connection, and retries as it would")
    func senderSeesAFailedConnection() async throws {
        let profile = try #require(TrackerProfile.builtIn(named: "adjust"))
        let attempts = try await CurlClient.withClient { client in
            await PostbackSender(client: client, route: Self.route, timeScale: 0)
                .send("https://clickwall.net:8443/postback/advertiser?campaign_id=1&click_id=k", profile: profile)
        }
        #expect(attempts.first?.outcome == .connectionFailed)
        #expect(attempts.first?.error?.contains("connection refused") == true)
        #expect(attempts.count > 1, "Adjust retries a failed connection")
    }
}
