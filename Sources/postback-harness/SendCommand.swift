import ArgumentParser
import Foundation
import Logging
import PostbackCore
import Scenarios
import Trackers

/// `postback-harness send`: one postback as a tracker would send it, to the URL given.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send one postback as a tracker would, and print the request, the answer and the verdict.",
        discussion: """
            The tracker fills the template's macros (the click id from --click-id) and sends it once \
            with its own method, encoding and User-Agent; its retries are described, not waited for. \
            Route the URL's host to a local port with --connect-to HOST:PORT:127.0.0.1:PORT, or give \
            --receiver http://127.0.0.1:PORT to route clickwall.net there. Exit 0 when the receiver \
            accepted it (or answered duplicate or status_updated), 1 when it was rejected or not \
            delivered, 2 for bad usage.
            """
    )

    @Option(help: "appsflyer, adjust, voluum, or a custom profile (a file, or a name under fixtures/trackers/).")
    var tracker: String

    @Option(
        help: """
            The postback URL as configured in the tracker, with its macros; for adjust, the callback (as is, \
            URL-encoded, or the whole click link carrying it), whose {click_id} ClickWall fills with --click-id.
            """)
    var postback: String

    @Option(name: .customLong("click-id"), help: "The click id the tracker captured (empty: an organic install).")
    var clickID: String

    @Option(help: "ClickWall campaign id, for a template that fills it from a macro.")
    var campaign: String?

    @Option(help: "Event name (for adjust, the event token that picks event_callback_<token>).") var event: String?
    @Option(help: "Payout, a decimal with '.'.") var payout: String?
    @Option(help: "Revenue or sale amount.") var amount: String?
    @Option(help: "ISO 4217 currency code.") var currency: String?
    @Option(help: "Transaction id.") var txid: String?
    @Option(help: "Conversion status: pending, approved or declined.") var status: String?

    @Option(
        name: .customLong("connect-to"),
        help: "Connect to another address for a host, HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT (repeatable).")
    var connectTo: [String] = []

    @Option(help: "PEM file of the CA to verify the server against (default for --receiver: the test CA).")
    var cacert: String?

    @Option(help: "A local receiver (http://127.0.0.1:PORT or https://…) that stands in for clickwall.net.")
    var receiver: String?

    func validate() throws {
        guard !postback.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("--postback is empty: pass the URL as configured in the tracker, in quotes")
        }
        for entry in connectTo {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 4, Int(parts[1]) != nil, Int(parts[3]) != nil, !parts[2].isEmpty else {
                throw ValidationError(
                    "--connect-to '\(entry)' is not HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT, e.g. "
                        + "clickwall.net:443:127.0.0.1:8443")
            }
        }
        if let cacert, !FileManager.default.fileExists(atPath: cacert) {
            throw ValidationError("--cacert '\(cacert)' does not exist")
        }
        if let receiver, Self.hostAndPort(receiver) == nil {
            throw ValidationError("--receiver '\(receiver)' is not a URL such as http://127.0.0.1:8080")
        }
    }

    func run() async throws {
        let profile = try TrackerArgument.profile(named: tracker)
        let values = ConversionValues(
            clickID: clickID, campaignID: campaign, event: event, payout: payout, amount: amount, currency: currency,
            txid: txid, status: status)
        var send = TrackerSend(profile: profile, template: postback, values: values, connectTo: connectTo)
        send.caFile = cacert
        // Adjust: the URL is the callback (or a click link carrying it); its host is the callback's.
        // A split field: ClickWall's URL among them is the one the receiver stands in for.
        let templates = send.postbackTemplates
        let postback =
            templates.first { Self.hostAndPort($0)?.host == TemplateLint.clickWallHost } ?? templates.first ?? postback
        if let receiver, let local = Self.hostAndPort(receiver) {
            guard let target = Self.hostAndPort(postback) else {
                throw HarnessExit.invalidInput("error: --postback '\(postback)' has no http:// or https:// host")
            }
            guard target.host == TemplateLint.clickWallHost else {
                throw HarnessExit.invalidInput(
                    "error: --receiver stands in for clickwall.net, but the postback goes to '\(target.host)': "
                        + "use --connect-to \(target.host):\(target.port):127.0.0.1:PORT to route it")
            }
            let postbackIsTLS = postback.lowercased().hasPrefix("https://")
            let receiverIsTLS = receiver.lowercased().hasPrefix("https://")
            if postbackIsTLS != receiverIsTLS {
                // TLS spoken to a plain port (or the reverse) fails with an OpenSSL message
                // that says nothing of the cause: name it before sending.
                throw HarnessExit.invalidInput(
                    postbackIsTLS
                        ? "error: the postback is https:// but --receiver '\(receiver)' is plain HTTP: start `serve` "
                            + "with --tls-cert fixtures/tls/server.pem --tls-key fixtures/tls/server-key.pem "
                            + "--tls-port 18443 and give --receiver https://127.0.0.1:18443 (or send an http:// postback)"
                        : "error: the postback is http:// but --receiver '\(receiver)' is https://: give the "
                            + "receiver's plain port, --receiver http://127.0.0.1:PORT")
            }
            if receiverIsTLS, send.caFile == nil {
                send.caFile = try? RunnerConfiguration.embedded().caFile
            }
            // The harness's one routing rule: ClickWall's host at its port reaches the receiver;
            // another port is refused as in the field, another host is not sent.
            send.route = PostbackRoute(
                receiverAddress: local.host, httpPort: local.port, httpsPort: receiverIsTLS ? local.port : nil,
                caFile: send.caFile)
        }
        let reports: [TrackerSend.Report]
        do {
            reports = try await send.run()
        } catch {
            throw HarnessExit.runtime("error: cannot send: \(error)")
        }
        print(Self.render(reports))
        // ClickWall's URLs decide (another network's pixel beside it does not); without any, all do.
        let clickWall = reports.filter { Self.hostAndPort($0.url)?.host == TemplateLint.clickWallHost }
        let judged = clickWall.isEmpty ? reports : clickWall
        if judged.isEmpty || !judged.allSatisfy(\.isDelivered) { throw HarnessExit.failed() }
    }

    /// The reports of one send, one block per URL (numbered when the field held several).
    static func render(_ reports: [TrackerSend.Report]) -> String {
        reports.enumerated().map { index, report in
            let block = render(report, host: hostAndPort(report.url)?.host ?? "")
            return reports.count == 1 ? block : "URL \(index + 1) of \(reports.count): \(report.url)\n" + block
        }.joined(separator: "\n\n")
    }

    static func render(_ report: TrackerSend.Report, host: String) -> String {
        var lines = ["> \(report.method) \(report.target) HTTP/1.1", "> Host: \(host)"]
        lines += report.headers.map { "> \($0)" }
        if let body = report.body { lines += [">", "> \(body)"] }
        for route in report.connectTo { lines.append("  (connect-to \(route))") }
        if let status = report.status {
            lines.append("< HTTP \(status)")
            lines.append("< \(report.answer ?? "")")
        } else {
            lines.append("no answer: \(report.error ?? "not sent")")
        }
        if let verdict = report.verdict {
            let reason = verdict.reason.map { " (\($0.rawValue))" } ?? ""
            lines.append("verdict: \(verdict.result.rawValue)\(reason): \(verdict.message)")
        } else if report.status != nil {
            lines.append("verdict: none: the answer is not a ClickWall postback answer")
        } else {
            lines.append("verdict: not delivered")
        }
        if let delivery = report.delivery, delivery.isMisreported {
            lines.append(
                "reported: the tracker tells the network \"\(delivery.reportedName)\", but the postback was "
                    + (delivery.delivered ? "delivered" : "not delivered"))
        }
        if let note = report.retryNote { lines.append("retry: \(note)") }
        return lines.joined(separator: "\n")
    }

    /// Host (lower-cased, an IPv6 address in brackets as in `Host:` and connect-to) and port of an http(s) URL, the scheme's default
    /// port when absent; `nil` when it is not one or its port is not a number in 1…65535.
    static func hostAndPort(_ url: String) -> (host: String, port: Int)? {
        let parsed = PostbackURL(url)
        guard parsed.scheme == "http" || parsed.scheme == "https", let host = parsed.host?.lowercased(),
            let port = parsed.effectivePort
        else { return nil }
        return (host, port)
    }
}
