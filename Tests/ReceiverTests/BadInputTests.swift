import Curl
import Foundation
import PostbackTesting
import Testing

/// Issue 2, "Bad input": each is answered with a 4xx and a reason, and the server goes on serving.
@Suite(.timeLimit(.minutes(1)))
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let method: String
        let target: String
        var headers: [HTTPHeader] = []
        var body: [UInt8]? = nil
        let status: Int
        /// The verdict's reason, or the API error's code.
        let reason: String

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "100 KB query string", method: "GET",
            target: "/postback/advertiser?campaign_id=c1&click_id=clk1&pad=" + String(repeating: "a", count: 100_000),
            status: 414, reason: "malformed_request"),
        Case(
            name: "invalid UTF-8 after decoding", method: "GET",
            target: "/postback/advertiser?campaign_id=c1&click_id=%C3%28",
            status: 400, reason: "malformed_request"),
        Case(
            name: "NUL byte", method: "GET", target: "/postback/advertiser?campaign_id=c1%00&click_id=clk1",
            status: 400,
            reason: "malformed_request"),
        Case(
            name: "control byte", method: "GET", target: "/postback/advertiser?campaign_id=c1&click_id=clk%0A1",
            status: 400, reason: "malformed_request"),
        Case(
            name: "repeated parameter", method: "GET",
            target: "/postback/advertiser?campaign_id=c1&campaign_id=c2&click_id=clk1", status: 400,
            reason: "malformed_request"),
        Case(
            name: "body on GET", method: "GET", target: "/postback/advertiser?campaign_id=c1&click_id=clk1",
            headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")], body: Array("x=1".utf8),
            status: 400, reason: "malformed_request"),
        Case(
            name: "JSON body where a form is expected", method: "POST", target: "/postback/advertiser",
            headers: [HTTPHeader("Content-Type", "application/json")],
            body: Array(#"{"campaign_id":"c1","click_id":"clk1"}"#.utf8), status: 400, reason: "malformed_request"),
        Case(
            name: "unknown campaign", method: "GET", target: "/postback/advertiser?campaign_id=zz9&click_id=clk1",
            status: 404, reason: "unknown_campaign"),
        Case(
            name: "other method on the postback path", method: "PUT",
            target: "/postback/advertiser?campaign_id=c1&click_id=clk1", status: 405, reason: "malformed_request"),
        Case(
            name: "postback body over 64 KiB", method: "POST", target: "/postback/advertiser",
            headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(("campaign_id=c1&click_id=clk1&pad=" + String(repeating: "b", count: 70_000)).utf8),
            status: 413, reason: "malformed_request"),
    ]

    @Test("bad postback input gets a 4xx verdict and the server goes on serving", arguments: cases)
    func badPostback(_ testCase: Case) async throws {
        try await withTestReceiver { receiver in
            try await receiver.makeWorld()
            let response = try await receiver.send(
                testCase.method, testCase.target, headers: testCase.headers, body: testCase.body)
            #expect(response.status == testCase.status)
            let body = try JSONBody(response)
            #expect(body.keys == verdictKeys)
            #expect(body.string("result") == "rejected")
            #expect(body.string("reason") == testCase.reason)
            #expect(body.string("message")?.isEmpty == false)
            #expect(try await receiver.admin("GET", "/api/campaigns/c1/stats").status == 200)
            let stats = try JSONBody(try await receiver.admin("GET", "/api/campaigns/c1/stats"))
            #expect(stats.int("conversions") == 0)
            try await receiver.expectServing()
        }
    }

    @Test("a request line over the parser's limit gets a 4xx, and the server goes on serving")
    func oversizedRequestLine() async throws {
        try await withTestReceiver { receiver in
            let target = "/postback/advertiser?campaign_id=c1&click_id=" + String(repeating: "z", count: 600_000)
            // Past the parser's limit Hummingbird answers 400 and closes the connection; libcurl may
            // see that answer or, while still sending, the connection closed under it.
            do {
                let response = try await receiver.send("GET", target)
                #expect((400..<500).contains(response.status))
            } catch {
                #expect(error is CurlError)
            }
            try await receiver.expectServing()
        }
    }

    @Test("an admin call with a wrong token gets 401 and the server goes on serving")
    func wrongAdminToken() async throws {
        try await withTestReceiver(configuration: .init(adminToken: "right")) { receiver in
            let response = try await receiver.admin("GET", "/api/stats", token: .some("wrong"))
            #expect(response.status == 401)
            #expect(try JSONBody(response).string("error") == "unauthorized")
            try await receiver.expectServing()
        }
    }

    @Test("an unknown route gets a JSON 404")
    func unknownRoute() async throws {
        try await withTestReceiver { receiver in
            let response = try await receiver.get("/postback/advertiser/extra")
            #expect(response.status == 404)
            #expect(try JSONBody(response).keys == errorKeys)
            try await receiver.expectServing()
        }
    }
}
