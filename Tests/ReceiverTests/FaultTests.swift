import Curl
import Foundation
import PostbackCore
import PostbackTesting
import Receiver
import Testing

/// Faults armed on a running receiver through `/api/faults` and applied on the one postback
/// path: what a tracker sees on the wire, and what the receiver recorded.
@Suite(.timeLimit(.minutes(1)))
struct FaultTests {
    static let postback = "/postback/advertiser?campaign_id=c1&click_id=clk1"

    /// Arms `json` and checks it was taken; returns its id.
    static func arm(_ json: String, on receiver: TestReceiver) async throws -> Int {
        let response = try await receiver.admin("POST", "/api/faults", json: json)
        try #require(response.status == 201, "\(response.status) \(response.bodyText)")
        return try #require((try JSONBody(response)["id"] as? NSNumber)?.intValue)
    }

    /// Runs `body` with a receiver that offers faults, its world made (``TestReceiver/makeWorld()``)
    /// and the fault rule `json` armed.
    static func withArmedReceiver(_ json: String, _ body: (TestReceiver) async throws -> Void) async throws {
        try await withTestReceiver(configuration: .init(faults: ReceiverFaults())) { receiver in
            try await receiver.makeWorld()
            _ = try await arm(json, on: receiver)
            try await body(receiver)
        }
    }

    static func conversions(_ receiver: TestReceiver, _ campaign: String = "c1") async throws -> Int {
        let stats = try JSONBody(try await receiver.admin("GET", "/api/campaigns/\(campaign)/stats"))
        return (stats["conversions"] as? NSNumber)?.intValue ?? -1
    }

    @Test("without faults enabled there is no /api/faults")
    func offByDefault() async throws {
        try await withTestReceiver { receiver in
            let list = try await receiver.admin("GET", "/api/faults")
            let arm = try await receiver.admin("POST", "/api/faults", json: #"{"action":"reset"}"#)
            #expect(list.status == 404)
            #expect(arm.status == 404)
        }
    }

    @Test("the fault API needs the admin token like every admin call")
    func behindTheToken() async throws {
        let configuration = ReceiverConfiguration(adminToken: "t0ken", faults: ReceiverFaults())
        try await withTestReceiver(configuration: configuration) { receiver in
            let anonymous = try await receiver.admin("GET", "/api/faults", token: .some(nil))
            let wrong = try await receiver.admin("POST", "/api/faults", json: #"{"action":"reset"}"#, token: "no")
            let right = try await receiver.admin("GET", "/api/faults")
            #expect(anonymous.status == 401)
            #expect(wrong.status == 401)
            #expect(right.status == 200)
        }
    }

    @Test("rules are armed, listed, disarmed one by one and cleared")
    func armListClear() async throws {
        try await withTestReceiver(configuration: .init(faults: ReceiverFaults())) { receiver in
            let first = try await Self.arm(#"{"action":"delay","delay_ms":1500,"count":2}"#, on: receiver)
            let second = try await Self.arm(
                #"{"action":"refuse","status":502,"campaign_ids":["c1"],"first_of_each_postback":true}"#, on: receiver)
            let listed = try #require(try JSONBody(try await receiver.admin("GET", "/api/faults")).array)
            #expect(listed.count == 2)
            #expect(listed[0]["action"] as? String == "delay")
            #expect((listed[0]["delay_ms"] as? NSNumber)?.intValue == 1500)
            #expect((listed[0]["remaining"] as? NSNumber)?.intValue == 2)
            #expect(listed[1]["campaign_ids"] as? [String] == ["c1"])
            #expect((listed[1]["id"] as? NSNumber)?.intValue == second)
            #expect(try await receiver.admin("DELETE", "/api/faults/\(first)").status == 204)
            #expect(try await receiver.admin("DELETE", "/api/faults/\(first)").status == 404)
            #expect(try JSONBody(try await receiver.admin("GET", "/api/faults")).array?.count == 1)
            #expect(try await receiver.admin("DELETE", "/api/faults").status == 204)
            #expect(try JSONBody(try await receiver.admin("GET", "/api/faults")).array?.count == 0)
        }
    }

    @Test(
        "a rule the API cannot use is a 400 naming the field",
        arguments: [
            (#"{"action":"explode"}"#, "unknown action 'explode'"),
            (#"{"action":"refuse","status":200}"#, "status 200 must be from 400 to 599"),
            (#"{"action":"delay","delay_ms":0}"#, "delay_ms must be from 1 to 600000"),
            (#"{"action":"reset","count":0}"#, "count must be from 1 to 1000000"),
        ])
    func invalidRules(json: String, message: String) async throws {
        try await withTestReceiver(configuration: .init(faults: ReceiverFaults())) { receiver in
            let response = try await receiver.admin("POST", "/api/faults", json: json)
            #expect(response.status == 400)
            #expect(response.bodyText.contains(message), "\(response.bodyText)")
        }
    }

    @Test("refuse: the status answered as unavailable, nothing recorded, the next postback served")
    func refuse() async throws {
        try await Self.withArmedReceiver(#"{"action":"refuse","status":502}"#) { receiver in
            let refused = try await receiver.get(Self.postback)
            #expect(refused.status == 502)
            #expect(try JSONBody(refused)["result"] as? String == "unavailable")
            #expect(try await Self.conversions(receiver) == 0)
            #expect(try await receiver.get(Self.postback).status == 200)
            #expect(try await Self.conversions(receiver) == 1)
        }
    }

    @Test("fail after recording: the conversion is counted, the answer is the status, the retry a duplicate")
    func failAfterRecording() async throws {
        try await Self.withArmedReceiver(#"{"action":"fail_after_recording","status":503}"#) { receiver in
            #expect(try await receiver.get(Self.postback).status == 503)
            #expect(try await Self.conversions(receiver) == 1)
            let retry = try await receiver.get(Self.postback)
            #expect(try JSONBody(retry)["result"] as? String == "duplicate")
        }
    }

    @Test("delay: recorded at once, answered late; a client with a shorter timeout gives up")
    func delay() async throws {
        try await Self.withArmedReceiver(#"{"action":"delay","delay_ms":2000}"#) { receiver in
            let start = ContinuousClock.now
            await #expect(throws: CurlError.self) {
                _ = try await receiver.client.send(
                    CurlRequest(url: receiver.baseURL + Self.postback, timeout: .milliseconds(500)))
            }
            #expect(ContinuousClock.now - start < .seconds(2))
            #expect(try await Self.conversions(receiver) == 1, "recorded before the answer")
            let retry = try await receiver.get(Self.postback)
            #expect(try JSONBody(retry)["result"] as? String == "duplicate")
        }
    }

    @Test("reset: the connection is reset without an answer or a conversion; the request is logged")
    func reset() async throws {
        try await Self.withArmedReceiver(#"{"action":"reset"}"#) { receiver in
            // A raw socket: libcurl would send again by itself on a reused connection that died.
            let answers = try await PostbackChannelHandlerTests.exchange(
                port: receiver.running.port, PostbackChannelHandlerTests.request("GET", Self.postback), answers: 1)
            #expect(answers.isEmpty, "no answer, only the reset")
            #expect(try await Self.conversions(receiver) == 0)
            let log = try #require(try JSONBody(try await receiver.admin("GET", "/api/postbacks")).array)
            #expect(log.first?["result"] as? String == "unavailable")
            #expect(try await receiver.get(Self.postback).status == 200, "the rule took one postback")
        }
    }

    @Test("shift_clock: a click inside the window is judged expired with the clock moved past it")
    func shiftClock() async throws {
        try await Self.withArmedReceiver(#"{"action":"shift_clock","seconds":2678400}"#) { receiver in
            let answer = try await receiver.get(Self.postback)
            #expect(answer.status == 410)
            #expect(try JSONBody(answer)["reason"] as? String == "click_expired")
        }
    }

    @Test("a rule scoped to campaigns takes only their postbacks, first of each only when asked")
    func scopes() async throws {
        try await withTestReceiver(configuration: .init(faults: ReceiverFaults())) { receiver in
            try await receiver.makeWorld()
            _ = try await Self.arm(
                #"{"action":"refuse","status":503,"count":5,"campaign_ids":["c2"],"first_of_each_postback":true}"#,
                on: receiver)
            #expect(try await receiver.get(Self.postback).status == 200, "c1 is not in the scope")
            let c2 = "/postback/advertiser?campaign_id=c2&click_id=clk2"
            #expect(try await receiver.get(c2).status == 503)
            #expect(try await receiver.get(c2).status == 200, "the retry of the same postback is served")
            let rules = try #require(try JSONBody(try await receiver.admin("GET", "/api/faults")).array)
            #expect((rules.first?["remaining"] as? NSNumber)?.intValue == 4)
        }
    }
}
