import Curl
import Foundation
import PostbackTesting
import Receiver
import Testing

/// With an admin token, every `/api/*` call needs it; a missing or wrong one changes nothing.
@Suite(.timeLimit(.minutes(1)))
struct AdminTokenTests {
    static let configuration = ReceiverConfiguration(adminToken: "t0ken-!")

    @Test("a missing or wrong token gets 401 and changes nothing", arguments: [nil, "wrong", "t0ken-", "t0ken-!x", ""])
    func refused(token: String?) async throws {
        try await withTestReceiver(configuration: Self.configuration) { receiver in
            let put = try await receiver.admin(
                "PUT", "/api/campaigns/c1", json: #"{"payout":"1"}"#, token: .some(token))
            #expect(put.status == 401)
            let body = try JSONBody(put)
            #expect(body.keys == errorKeys)
            #expect(body.string("error") == "unauthorized")
            #expect(put.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(try await receiver.admin("GET", "/api/campaigns", token: .some(token)).status == 401)
            #expect(try await receiver.running.store.campaigns().isEmpty)
            try await receiver.putCampaign("kept", #"{"payout":"1"}"#)
            #expect(try await receiver.admin("DELETE", "/api/campaigns/kept", token: .some(token)).status == 401)
            #expect(try await receiver.running.store.campaign(id: "kept") != nil, "a refused DELETE removes nothing")
            #expect(try await receiver.admin("DELETE", "/api/campaigns/kept").status == 204)
            // the right token works, and the public routes need none
            #expect(try await receiver.admin("GET", "/api/campaigns/c1").status == 404)
            try await receiver.expectServing()
        }
    }

    @Test("the right token is accepted and postbacks need no token")
    func accepted() async throws {
        try await withTestReceiver(configuration: Self.configuration) { receiver in
            try await receiver.makeWorld()
            let postback = try await receiver.get("/postback/advertiser?campaign_id=c1&click_id=clk1")
            #expect(postback.status == 200)
            #expect(try await receiver.get("/click/c1").status == 302)
            #expect(try await receiver.admin("GET", "/api/stats").status == 200)
        }
    }

    @Test("the scheme is case-insensitive; the token is not", arguments: ["bearer", "BEARER", "Bearer"])
    func schemeCase(scheme: String) async throws {
        try await withTestReceiver(configuration: Self.configuration) { receiver in
            let right = try await receiver.send(
                "GET", "/api/stats", headers: [HTTPHeader("Authorization", "\(scheme) t0ken-!")])
            #expect(right.status == 200)
            let wrongCase = try await receiver.send(
                "GET", "/api/stats", headers: [HTTPHeader("Authorization", "\(scheme) T0KEN-!")])
            #expect(wrongCase.status == 401)
            let noToken = try await receiver.send(
                "GET", "/api/stats", headers: [HTTPHeader("Authorization", scheme)])
            #expect(noToken.status == 401)
        }
    }
}
