import Foundation
import Testing

/// `postback-harness check` end to end: the binary, its output and its exit codes.
@Suite(.timeLimit(.minutes(2)))
struct CheckCommandTests {
    static let right = "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id={clickid}"

    @Test("a clean template exits 0 and says so")
    func clean() async throws {
        let output = try await HarnessBinary.run(["check", "--tracker", "appsflyer", "--campaign", "1234", Self.right])
        #expect(output.exitCode == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("Checking the postback template for AppsFlyer (campaign 1234):"))
        #expect(output.stdout.contains("No problems: the template is right for AppsFlyer."))
        #expect(output.stderr.isEmpty)
    }

    @Test("Voluum's {clickid} exits 1, names the problem and the fix")
    func voluumClickID() async throws {
        let output = try await HarnessBinary.run(["check", "--tracker", "voluum", Self.right])
        #expect(output.exitCode == 1)
        #expect(output.stdout.contains("error   [wrong_click_macro] '{clickid}' is Voluum's own click id"))
        #expect(output.stdout.contains("fix: use {externalid}"))
        #expect(output.stdout.contains("1 problem: 1 error, 0 warnings."))
    }

    @Test("several mistakes at once are each listed with a fix")
    func several() async throws {
        let template = "http://clickwall.net/postback/advertiser?campaign_id=1243&amp;click_id={click_id}&Payout=1,5"
        let output = try await HarnessBinary.run(["check", "--tracker", "appsflyer", "--campaign", "1234", template])
        #expect(output.exitCode == 1)
        for code in ["insecure_scheme", "html_entity", "renamed_parameter", "campaign_mismatch"] {
            #expect(output.stdout.contains("[\(code)]"), "missing \(code) in \(output.stdout)")
        }
        let fixes = output.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("        fix: ") }
        #expect(fixes.count >= 4)
    }

    @Test("a Prosper202 pixel field: each URL linted and sent, and the tracker's \"success\" shown against the truth")
    func prosperPixelField() async throws {
        let url = "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id=[[C1]]&payout=[[payout]]"
        let field = url + " " + url.replacing("clickwall.net", with: "clickwall.net:8443")
        let output = try await HarnessBinary.run(["check", "--tracker", "prosper202", "--simulate", field])
        #expect(output.exitCode == 1, "stdout: \(output.stdout)")
        #expect(output.stdout.contains("warning [split_field] Prosper202 splits this field at spaces"))
        #expect(output.stdout.contains("error   [wrong_port] in URL 2 of 2: "))
        #expect(output.stdout.contains("&payout=1.00000\n"))
        #expect(
            output.stdout.contains(
                "  reported  the tracker tells the network \"success\" for URL 2, which was not delivered\n"))
        let json = try await HarnessBinary.run([
            "check", "--tracker", "prosper202", "--simulate", "--format", "json", field,
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let simulation = try #require(object["simulation"] as? [String: Any])
        let deliveries = try #require(simulation["deliveries"] as? [[String: Any]])
        #expect(deliveries.map { $0["delivered"] as? Bool } == [true, false])
        #expect(deliveries.map { $0["reported_upstream"] as? String } == ["success", "success"])
    }

    @Test("warnings alone exit 0")
    func warningsOnly() async throws {
        let output = try await HarnessBinary.run(["check", "--tracker", "appsflyer", Self.right + "&sub1={sub1}"])
        #expect(output.exitCode == 0, "stdout: \(output.stdout)")
        #expect(output.stdout.contains("warning [unknown_macro]"))
    }

    @Test("--format json is a stable document")
    func json() async throws {
        let output = try await HarnessBinary.run([
            "check", "--tracker", "adjust", "--format", "json",
            "https://clickwall.net/postback/advertiser?campaign_id=1234&clickid={click_id}",
        ])
        #expect(output.exitCode == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["tracker"] as? String == "adjust")
        #expect(object["clean"] as? Bool == false)
        #expect(object["campaign_id"] is NSNull)
        #expect(object["simulation"] is NSNull)
        let findings = try #require(object["findings"] as? [[String: Any]])
        let first = try #require(findings.first)
        #expect(first["code"] as? String == "renamed_parameter")
        #expect(first["severity"] as? String == "error")
        #expect(first["parameter"] as? String == "clickid")
        #expect(Set(first.keys) == ["code", "severity", "parameter", "problem", "fix"])
    }

    @Test("a custom profile by name from fixtures/trackers")
    func customProfile() async throws {
        let template = "https://clickwall.net/postback/advertiser?campaign_id=1234&click_id={external_id}"
        let clean = try await HarnessBinary.run(["check", "--tracker", "keitaro", template])
        #expect(clean.exitCode == 0, "stdout: \(clean.stdout) stderr: \(clean.stderr)")
        let wrong = try await HarnessBinary.run([
            "check", "--tracker", "keitaro", template.replacingOccurrences(of: "{external_id}", with: "{subid}"),
        ])
        #expect(wrong.exitCode == 1)
        #expect(wrong.stdout.contains("fix: use {external_id}"))
    }

    @Test("--simulate plays a test conversion and prints what the receiver recorded")
    func simulateAccepted() async throws {
        let output = try await HarnessBinary.run(["check", "--tracker", "appsflyer", "--simulate", Self.right])
        #expect(output.exitCode == 0, "stdout: \(output.stdout) stderr: \(output.stderr)")
        #expect(output.stdout.contains("Test conversion through an embedded receiver:"))
        #expect(output.stdout.contains("  click     GET /click/1234 -> https://tracker.example/click?clickid="))
        #expect(
            output.stdout.contains(
                "  sent      GET https://clickwall.net/postback/advertiser?campaign_id=1234&click_id="))
        #expect(output.stdout.contains("  answer    HTTP 200 {"))
        #expect(output.stdout.contains("  verdict   accepted: conversion"))
        #expect(output.stdout.contains("  log       GET /postback/advertiser?campaign_id=1234&click_id="))
        #expect(output.stdout.contains("-> 200 accepted"))
        #expect(output.stdout.contains("  stats     clicks 1, conversions 1 (approved 1, pending 0, declined 0)"))
    }

    @Test("--simulate shows why a wrong template is rejected, and exits 1")
    func simulateRejected() async throws {
        let output = try await HarnessBinary.run(["check", "--tracker", "voluum", "--simulate", Self.right])
        #expect(output.exitCode == 1)
        #expect(output.stdout.contains("  verdict   rejected (unknown_click):"))
        #expect(output.stdout.contains("-> 404 rejected unknown_click"))
        #expect(output.stdout.contains("rejected: unknown_click 1"))
    }

    @Test("--simulate --format json carries the verdict, the log and the stats")
    func simulateJSON() async throws {
        let output = try await HarnessBinary.run([
            "check", "--tracker", "adjust", "--simulate", "--format", "json",
            "https://clickwall.net/postback/advertiser?campaign_id=55&click_id={click_id}",
        ])
        #expect(output.exitCode == 0, "stdout: \(output.stdout) stderr: \(output.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["clean"] as? Bool == true)
        let simulation = try #require(object["simulation"] as? [String: Any])
        #expect(simulation["campaign_id"] as? String == "55")
        // The callback rides URL-encoded on Adjust's click link; ClickWall filled {click_id} at click time.
        let clickID = try #require(simulation["click_id"] as? String)
        #expect(
            simulation["tracking_link"] as? String
                == "https://app.adjust.com/abc123?install_callback=https%3A%2F%2Fclickwall.net%2Fpostback%2F"
                + "advertiser%3Fcampaign_id%3D55%26click_id%3D\(clickID)")
        let attempts = try #require(simulation["attempts"] as? [[String: Any]])
        #expect(
            attempts.map { $0["url"] as? String }
                == ["https://clickwall.net/postback/advertiser?campaign_id=55&click_id=\(clickID)"])
        let verdict = try #require(simulation["verdict"] as? [String: Any])
        #expect(verdict["result"] as? String == "accepted")
        let log = try #require(simulation["log"] as? [[String: Any]])
        #expect(log.count == 1)
        #expect(log.first?["result"] as? String == "accepted")
        let stats = try #require(simulation["stats"] as? [String: Any])
        #expect(stats["conversions"] as? Int == 1)
    }

    @Test("Adjust: a callback not encoded on the click link loses click_id, in the lint and in the simulation")
    func adjustUnencodedCallback() async throws {
        let link =
            "https://app.adjust.com/abc123?install_callback="
            + "https://clickwall.net/postback/advertiser?campaign_id=55&click_id={click_id}"
        let output = try await HarnessBinary.run(["check", "--tracker", "adjust", "--simulate", link])
        #expect(output.exitCode == 1)
        #expect(output.stdout.contains("error   [unencoded_callback] install_callback is not URL-encoded"))
        #expect(
            output.stdout.contains(
                "fix: encode the callback, keeping ClickWall's {click_id} raw: install_callback=https%3A%2F%2F"
                    + "clickwall.net%2Fpostback%2Fadvertiser%3Fcampaign_id%3D55%26click_id%3D{click_id}."))
        #expect(output.stdout.contains("  sent      GET https://clickwall.net/postback/advertiser?campaign_id=55\n"))
        #expect(output.stdout.contains("  verdict   rejected (missing_parameter):"))
    }

    @Test("Adjust: an in-app event's callback is event_callback_<token>; a link without it sends nothing")
    func adjustEventCallback() async throws {
        let callback = "https://clickwall.net/postback/advertiser?campaign_id=55&click_id={click_id}&event={event_name}"
        let sent = try await HarnessBinary.run([
            "check", "--tracker", "adjust", "--simulate", "--event", "f0ob4r", callback,
        ])
        #expect(sent.exitCode == 0, "stdout: \(sent.stdout)")
        #expect(sent.stdout.contains("-> https://app.adjust.com/abc123?event_callback_f0ob4r=https%3A%2F%2F"))
        #expect(sent.stdout.contains("&event=f0ob4r\n"))
        let link =
            "https://app.adjust.com/abc123?install_callback="
            + "https%3A%2F%2Fclickwall.net%2Fpostback%2Fadvertiser%3Fcampaign_id%3D55%26click_id%3D{click_id}"
        let none = try await HarnessBinary.run([
            "check", "--tracker", "adjust", "--simulate", "--event", "f0ob4r", link,
        ])
        #expect(none.exitCode == 1)
        #expect(none.stdout.contains("  sent      nothing: the click link carries no callback for this event"))
        #expect(none.stdout.contains("  verdict   none: the receiver never got the postback"))
    }

    @Test("--simulate with a host that is not ClickWall's: nothing reaches the receiver")
    func simulateWrongHost() async throws {
        let output = try await HarnessBinary.run([
            "check", "--tracker", "appsflyer", "--simulate",
            "https://clickwall.com/postback/advertiser?campaign_id=1234&click_id={clickid}",
        ])
        #expect(output.exitCode == 1)
        #expect(output.stdout.contains("[wrong_host]"))
        #expect(output.stdout.contains("  answer    none: host 'clickwall.com' is not ClickWall's"))
        #expect(output.stdout.contains("  verdict   none: the receiver never got the postback"))
    }

    @Test("bad usage exits 2: unknown tracker, empty URL, missing --tracker, bad --campaign")
    func badUsage() async throws {
        let unknown = try await HarnessBinary.run(["check", "--tracker", "nope", Self.right])
        #expect(unknown.exitCode == 2)
        #expect(unknown.stderr.contains("unknown tracker 'nope'"))
        #expect(unknown.stdout.isEmpty)
        let empty = try await HarnessBinary.run(["check", "--tracker", "appsflyer", "  "])
        #expect(empty.exitCode == 2)
        #expect(empty.stderr.contains("the postback URL is empty"))
        let missing = try await HarnessBinary.run(["check", Self.right])
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("--tracker"))
        let campaign = try await HarnessBinary.run(["check", "--tracker", "appsflyer", "--campaign", "a b", Self.right])
        #expect(campaign.exitCode == 2)
        #expect(campaign.stderr.contains("--campaign 'a b'"))
    }
}
