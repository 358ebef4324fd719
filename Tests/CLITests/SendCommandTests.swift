import Foundation
import PostbackCore
import PostbackTesting
import Receiver
import Store
import Testing

/// `postback-harness send` end to end: the binary against a real receiver on 127.0.0.1.
@Suite(.timeLimit(.minutes(2)))
struct SendCommandTests {
    /// Runs `body` with a receiver (http and https with the test certificates) that has campaign
    /// 77 and the issued click `c1`.
    func withTestReceiver(_ body: (RunningReceiver) async throws -> Void) async throws {
        let store = try SQLitePostbackStore(path: nil)
        let tls = PackageRoot.url.appendingPathComponent("fixtures/tls")
        let configuration = ReceiverConfiguration(
            tls: .init(
                certificateChain: tls.appendingPathComponent("server.pem").path,
                privateKey: tls.appendingPathComponent("server-key.pem").path))
        try await withReceiver(configuration: configuration, store: store) { receiver in
            try await store.putCampaign(
                Campaign(id: "77", status: .active, type: .cpi, payout: Money("2.50") ?? .zero))
            try await store.addClicks([Click(id: "c1", campaignID: "77", createdAt: Date())])
            try await body(receiver)
        }
    }

    @Test("an accepted postback over https with --receiver: request, answer, verdict, exit 0")
    func acceptedOverTLS() async throws {
        try await withTestReceiver { receiver in
            let tlsPort = try #require(receiver.tlsPort)
            let output = try await HarnessBinary.runDetached([
                "send", "--tracker", "appsflyer",
                "--postback",
                "https://clickwall.net/postback/advertiser?campaign_id=77&click_id={clickid}&payout={event_revenue}",
                "--click-id", "c1", "--amount", "3.25", "--receiver", "https://127.0.0.1:\(tlsPort)",
            ])
            #expect(output.exitCode == 0, "stdout: \(output.stdout) stderr: \(output.stderr)")
            let lines = output.stdout.components(separatedBy: "\n")
            #expect(lines.first == "> GET /postback/advertiser?campaign_id=77&click_id=c1&payout=3.25 HTTP/1.1")
            #expect(lines.contains("> Host: clickwall.net"))
            #expect(lines.contains("  (connect-to clickwall.net:443:127.0.0.1:\(tlsPort))"))
            #expect(lines.contains("< HTTP 200"))
            #expect(output.stdout.contains("verdict: accepted: conversion"))
        }
    }

    @Test("the same postback again is a duplicate, still exit 0; --connect-to and --cacert")
    func duplicateWithConnectTo() async throws {
        try await withTestReceiver { receiver in
            let tlsPort = try #require(receiver.tlsPort)
            let ca = PackageRoot.url.appendingPathComponent("fixtures/tls/ca.pem").path
            let arguments = [
                "send", "--tracker", "voluum",
                "--postback", "https://clickwall.net/postback/advertiser?campaign_id=77&click_id={externalid}",
                "--click-id", "c1", "--connect-to", "clickwall.net:443:127.0.0.1:\(tlsPort)", "--cacert", ca,
            ]
            let first = try await HarnessBinary.runDetached(arguments)
            #expect(first.exitCode == 0, "stdout: \(first.stdout) stderr: \(first.stderr)")
            let second = try await HarnessBinary.runDetached(arguments)
            #expect(second.exitCode == 0)
            #expect(second.stdout.contains("verdict: duplicate: duplicate of conversion"))
        }
    }

    @Test("Prosper202's pixel field: each URL sent, another network's not sent, success reported against the truth")
    func splitField() async throws {
        try await withTestReceiver { receiver in
            let tlsPort = try #require(receiver.tlsPort)
            let clickWall = "https://clickwall.net/postback/advertiser?campaign_id=77&click_id=[[c1]]&payout=[[payout]]"
            let output = try await HarnessBinary.runDetached([
                "send", "--tracker", "prosper202",
                "--postback", "\(clickWall) https://network.example/pixel?sid=[[subid]] \(clickWall)&x=1",
                "--click-id", "c1", "--payout", "2.5", "--receiver", "https://127.0.0.1:\(tlsPort)",
            ])
            #expect(output.exitCode == 0, "stdout: \(output.stdout) stderr: \(output.stderr)")
            let blocks = output.stdout.components(separatedBy: "\n\n")
            #expect(blocks.count == 3, "\(output.stdout)")
            #expect(
                blocks[0].hasPrefix("URL 1 of 3: https://clickwall.net/postback/advertiser?campaign_id=77&click_id=c1"))
            #expect(blocks[0].contains("&payout=2.50000 HTTP/1.1"))
            #expect(blocks[0].contains("verdict: accepted: conversion"))
            #expect(blocks[1].contains("no answer: not sent: 'network.example' is another network's URL"))
            // Prosper202 tells the network "success" whatever its URLs answered.
            let refused = try await HarnessBinary.runDetached([
                "send", "--tracker", "prosper202", "--postback", clickWall, "--click-id", "never-issued",
                "--receiver", "https://127.0.0.1:\(tlsPort)",
            ])
            #expect(refused.exitCode == 1)
            #expect(
                refused.stdout.contains(
                    "reported: the tracker tells the network \"success\", but the postback was not delivered"),
                "\(refused.stdout)")
            #expect(blocks[2].contains("verdict: duplicate: duplicate of conversion"))
        }
    }

    /// A send over the receiver's plain port that delivers nothing: the options after the tracker,
    /// and what the output must say.
    struct NotDelivered: Sendable, CustomTestStringConvertible {
        var label: String
        var tracker: String
        var postback: String
        var options: [String] = []
        var says: [String]
        var testDescription: String { label }
    }

    @Test(arguments: [
        NotDelivered(
            label: "a status the tracker does not fire on: nothing sent, the reason and the tracker's change",
            tracker: "bemob", postback: "http://clickwall.net/postback/advertiser?campaign_id=77&click_id={externalId}",
            options: ["--status", "pending"],
            says: [
                "no answer: BeMob sends postbacks only for approved conversions, not for a pending one: tick",
                "verdict: not delivered",
            ]),
        NotDelivered(
            label: "a port ClickWall does not listen on is refused as in the field, whatever --receiver says",
            tracker: "voluum",
            postback: "http://clickwall.net:8080/postback/advertiser?campaign_id=77&click_id={externalid}",
            says: ["no answer: connection refused: clickwall.net listens on port 80 for http"]),
    ])
    func notDeliveredExits1(_ item: NotDelivered) async throws {
        try await withTestReceiver { receiver in
            let output = try await HarnessBinary.runDetached(
                ["send", "--tracker", item.tracker, "--postback", item.postback, "--click-id", "c1"] + item.options
                    + ["--receiver", "http://127.0.0.1:\(receiver.port)"])
            #expect(output.exitCode == 1)
            for line in item.says { #expect(output.stdout.contains(line), "\(output.stdout)") }
        }
    }

    @Test("a rejected postback exits 1 with the reason and the hint; AppsFlyer's retries are described")
    func rejected() async throws {
        try await withTestReceiver { receiver in
            let output = try await HarnessBinary.runDetached([
                "send", "--tracker", "appsflyer",
                "--postback", "http://clickwall.net/postback/advertiser?campaign_id=77&click_id={clickid}",
                "--click-id", "never-issued", "--receiver", "http://127.0.0.1:\(receiver.port)",
            ])
            #expect(output.exitCode == 1)
            #expect(output.stdout.contains("< HTTP 404"))
            #expect(output.stdout.contains("verdict: rejected (unknown_click):"))
            #expect(!output.stdout.contains("retry:"), "AppsFlyer retries only on 5xx")
        }
    }

    @Test("Adjust: ClickWall fills {click_id} on the click link, Adjust its own placeholders; organic sends nothing")
    func adjustCallback() async throws {
        try await withTestReceiver { receiver in
            let callback =
                "http://clickwall.net/postback/advertiser?campaign_id=77&click_id={click_id}&kind={activity_kind}"
            for given in [
                callback,
                "https://app.adjust.com/abc123?install_callback=http%3A%2F%2Fclickwall.net%2Fpostback%2Fadvertiser"
                    + "%3Fcampaign_id%3D77%26click_id%3D{click_id}%26kind%3D%7Bactivity_kind%7D",
            ] {
                let output = try await HarnessBinary.runDetached([
                    "send", "--tracker", "adjust", "--postback", given, "--click-id", "c1",
                    "--receiver", "http://127.0.0.1:\(receiver.port)",
                ])
                #expect(output.exitCode == 0, "stdout: \(output.stdout) stderr: \(output.stderr)")
                let lines = output.stdout.components(separatedBy: "\n")
                #expect(lines.first == "> GET /postback/advertiser?campaign_id=77&click_id=c1&kind=install HTTP/1.1")
                #expect(lines.contains("> Host: clickwall.net"))
            }
            let organic = try await HarnessBinary.runDetached([
                "send", "--tracker", "adjust", "--postback", callback, "--click-id", "",
                "--receiver", "http://127.0.0.1:\(receiver.port)",
            ])
            #expect(organic.exitCode == 1)
            #expect(organic.stdout.contains("no answer: adjust takes its callbacks from the click link"))
            #expect(organic.stdout.contains("verdict: not delivered"))
            let ipHost = try await HarnessBinary.runDetached([
                "send", "--tracker", "adjust", "--click-id", "c1", "--postback",
                "http://127.0.0.1:\(receiver.port)/postback/advertiser?campaign_id=77&click_id={click_id}",
            ])
            #expect(ipHost.exitCode == 1)
            #expect(ipHost.stdout.contains("no answer: adjust does not send callbacks to an IP address ('127.0.0.1')"))
        }
    }

    @Test("an unreachable receiver: not delivered, exit 1, and Adjust's retry described")
    func notDelivered() async throws {
        let output = try await HarnessBinary.runDetached([
            "send", "--tracker", "adjust",
            "--postback", "http://clickwall.net/postback/advertiser?campaign_id=77&click_id={click_id}",
            "--click-id", "c1", "--connect-to", "clickwall.net:80:127.0.0.1:1",
        ])
        #expect(output.exitCode == 1)
        #expect(output.stdout.contains("no answer: "))
        #expect(output.stdout.contains("verdict: not delivered"))
        #expect(output.stdout.contains("retry: adjust would send it again (up to 6 more times, the next in 4h)."))
    }

    @Test("bad usage exits 2")
    func badUsage() async throws {
        let postback = "https://clickwall.net/postback/advertiser?campaign_id=77&click_id={clickid}"
        let badRoute = try await HarnessBinary.runDetached([
            "send", "--tracker", "appsflyer", "--postback", postback, "--click-id", "c1", "--connect-to", "nonsense",
        ])
        #expect(badRoute.exitCode == 2)
        #expect(badRoute.stderr.contains("--connect-to 'nonsense'"))
        let unknown = try await HarnessBinary.runDetached([
            "send", "--tracker", "x", "--postback", postback, "--click-id", "c1",
        ])
        #expect(unknown.exitCode == 2)
        #expect(unknown.stderr.contains("unknown tracker 'x'"))
        let missing = try await HarnessBinary.runDetached(["send", "--tracker", "appsflyer", "--postback", postback])
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("--click-id"))
        let otherHost = try await HarnessBinary.runDetached([
            "send", "--tracker", "appsflyer", "--postback", "https://example.com/pb?click_id={clickid}",
            "--click-id", "c1", "--receiver", "http://127.0.0.1:9",
        ])
        #expect(otherHost.exitCode == 2)
        #expect(otherHost.stderr.contains("--receiver stands in for clickwall.net"))
        // An https postback to a plain receiver port: named before sending, not an OpenSSL error.
        let plainReceiver = try await HarnessBinary.runDetached([
            "send", "--tracker", "appsflyer", "--postback", postback, "--click-id", "c1",
            "--receiver", "http://127.0.0.1:9",
        ])
        #expect(plainReceiver.exitCode == 2)
        #expect(
            plainReceiver.stderr.contains("the postback is https:// but --receiver 'http://127.0.0.1:9' is plain HTTP"))
        #expect(plainReceiver.stderr.contains("--tls-port"))
        let tlsReceiver = try await HarnessBinary.runDetached([
            "send", "--tracker", "appsflyer", "--postback",
            "http://clickwall.net/postback/advertiser?campaign_id=77&click_id={clickid}", "--click-id", "c1",
            "--receiver", "https://127.0.0.1:9",
        ])
        #expect(tlsReceiver.exitCode == 2)
        #expect(tlsReceiver.stderr.contains("the postback is http:// but --receiver 'https://127.0.0.1:9' is https://"))
        let noCA = try await HarnessBinary.runDetached([
            "send", "--tracker", "appsflyer", "--postback", postback, "--click-id", "c1", "--cacert",
            "/nonexistent.pem",
        ])
        #expect(noCA.exitCode == 2)
        #expect(noCA.stderr.contains("/nonexistent.pem"))
    }
}
