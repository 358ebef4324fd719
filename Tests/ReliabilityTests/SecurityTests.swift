import Curl
import Foundation
import Logging
import PostbackCore
import Store
import Testing

@testable import Receiver

/// Point 4: the admin token guards every admin call (compared in constant time, the length
/// difference kept whole), the per-campaign token is checked on the wire, request data cannot
/// forge a log line, and requests answered before the rule chain still reach the postback log.
/// (The dashboard is not on this branch; its escaping is tested where it is built.)
struct SecurityTests {
    static let token = "admin-7f3a9c"

    /// A receiver with an admin token over an in-memory store.
    func withGuardedReceiver(_ body: (AdminClient, AdminClient) async throws -> Void) async throws {
        var configuration = ReceiverConfiguration()
        configuration.adminToken = Self.token
        try await withReceiver(configuration: configuration, store: try SQLitePostbackStore(path: nil)) { running in
            try await CurlClient.withClient { client in
                try await body(
                    AdminClient(client: client, baseURL: running.baseURL, token: Self.token),
                    AdminClient(client: client, baseURL: running.baseURL))
            }
        }
    }

    static let adminCalls: [(method: String, target: String, json: String?)] = [
        ("GET", "/api/campaigns", nil), ("GET", "/api/campaigns/c1", nil),
        ("PUT", "/api/campaigns/c1", #"{"status": "active", "type": "cpi", "payout": "1"}"#),
        ("PUT", "/api/campaigns/new", #"{"status": "active", "type": "cpi", "payout": "1"}"#),
        ("PATCH", "/api/campaigns/c1", #"{"status": "paused"}"#),
        ("POST", "/api/campaigns/c1/clicks", #"{"count": 3}"#),
        ("GET", "/api/campaigns/c1/stats", nil), ("GET", "/api/stats", nil), ("GET", "/api/postbacks", nil),
    ]

    static let wrongAuthorizations: [String?] = [
        // (`bearer admin-7f3a9c` is right: the scheme is case-insensitive, RFC 9110 §11.1.)
        nil, "Bearer", "Bearer ", "Bearer admin-7f3a9d", "Bearer admin-7f3a9", "Bearer admin-7f3a9cc",
        "bearer admin-7f3a9", "Bearer  admin-7f3a9c", "Basic YWRtaW46YWRtaW4=", "Bearer ADMIN-7F3A9C",
        "Bearer admin-7f3a9c\u{00A0}",
    ]

    @Test(.timeLimit(.minutes(1)))
    func everyAdminCallNeedsTheTokenAndChangesNothingWithout() async throws {
        try await withGuardedReceiver { admin, anonymous in
            try await admin.putCampaign("c1", #"{"status": "active", "type": "cpi", "payout": "1.20"}"#)
            let before = try await admin.send("GET", "/api/campaigns/c1").bodyText
            for call in Self.adminCalls {
                for authorization in Self.wrongAuthorizations {
                    let headers = authorization.map { [HTTPHeader("Authorization", $0)] } ?? []
                    let response = try await anonymous.send(call.method, call.target, json: call.json, headers: headers)
                    #expect(response.status == 401, "\(call.method) \(call.target) with \(authorization ?? "no token")")
                }
            }
            #expect(try await admin.send("GET", "/api/campaigns/c1").bodyText == before)
            #expect(try await admin.send("GET", "/api/campaigns/new").status == 404)
            #expect(try await admin.stats("c1")["clicks"] as? Int == 0)
            // The right token works on each of them.
            for call in Self.adminCalls {
                let response = try await admin.send(call.method, call.target, json: call.json)
                #expect((200..<300).contains(response.status), "\(call.method) \(call.target): \(response.status)")
            }
        }
    }

    @Test(arguments: [
        ("admin", "admin", true), ("admin", "admim", false), ("admin", "admin2", false), ("", "", true),
        ("admin", "", false), ("admin" + String(repeating: "\u{0}", count: 256), "admin", false),
        (String(repeating: "\u{0}", count: 256), "", false), ("a" + String(repeating: "\u{0}", count: 512), "a", false),
    ])
    func adminTokenComparisonKeepsTheWholeLengthDifference(given: String, expected: String, equal: Bool) {
        #expect(ConstantTime.equals(Array(given.utf8), Array(expected.utf8)) == equal)
        #expect(ConstantTime.equals(given, expected) == equal)
    }

    @Test(.timeLimit(.minutes(1)))
    func theCampaignTokenIsCheckedOnTheWire() async throws {
        try await withGuardedReceiver { admin, _ in
            try await admin.putCampaign(
                "tok", #"{"status": "active", "type": "cpi", "payout": "1.20", "token": "s3cret-Token"}"#)
            try await admin.addClicks("tok", ["t1"])
            for wrong in ["", "s3cret-Toke", "s3cret-Tokem", "s3cret-Token2", "S3CRET-TOKEN", "s3cret-Token%20"] {
                let answer = try await admin.postback("campaign_id=tok&click_id=t1&token=\(wrong)")
                #expect(answer.status == 403 && answer.reason == "invalid_token", "token '\(wrong)': \(answer)")
            }
            let answer = try await admin.postback("campaign_id=tok&click_id=t1&token=s3cret-Token")
            #expect(answer.status == 200 && answer.result == "accepted")
            #expect(try await admin.stats("tok")["rejected"] as? [String: Int] == ["invalid_token": 6])
        }
    }

    static let forgeries = [
        "campaign_id=c1&click_id=k1%0D%0AFORGED%20line", "campaign_id=c1%0AFORGED&click_id=k1",
        "campaign_id=c1&click%0D%0AFORGED=1&click_id=k1", "campaign_id=c1&clickid=k1%0D%0AFORGED",
        "campaign_id=c1&click_id=k1&status=approved%0D%0AFORGED", "campaign_id=c1&click_id={click_id%0AFORGED}",
        "campaign_id=c1&click_id=k1&event=%0D%0AFORGED", "campaign_id=c1&click_id=k1&payout=1%0D%0AFORGED",
    ]

    /// CR/LF sent encoded in names and values never comes back raw: not in the answer's message,
    /// not in the postback log, not as a line of the receiver's own log.
    @Test(.timeLimit(.minutes(1)))
    func requestDataCannotForgeLogLines() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ph-forge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let serve = try ServeProcess([
            "--db", folder.appendingPathComponent("forge.sqlite").path, "--log-level", "trace",
        ])
        defer { serve.stop() }
        try await CurlClient.withClient { client in
            let admin = AdminClient(client: client, baseURL: serve.baseURL)
            try await admin.putCampaign("c1", #"{"status": "active", "type": "cpi", "payout": "1.20"}"#)
            try await admin.addClicks("c1", ["k1"])
            for query in Self.forgeries {
                let answer = try await admin.postback(query, headers: [HTTPHeader("User-Agent", "ua%0D%0AFORGED")])
                let message = answer.message ?? ""
                #expect((400..<500).contains(answer.status) || answer.status == 200, "\(query): \(answer)")
                #expect(!message.contains("\r") && !message.contains("\n"), "\(query): \(message.debugDescription)")
            }
            // Percent-encoded CR/LF in the admin API's path too.
            _ = try await admin.send("GET", "/api/campaigns/x%0D%0AFORGED")
            let log = try await admin.postbacks("limit=100")
            #expect(log.count == Self.forgeries.count)
            for entry in log {
                for field in ["message", "url", "user_agent", "campaign_id", "click_id", "source", "method"] {
                    let value = entry[field] as? String ?? ""
                    #expect(!value.contains("\r") && !value.contains("\n"), "\(field): \(value.debugDescription)")
                }
            }
        }
        let lines = serve.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(!lines.isEmpty, "trace logging printed nothing")
        for line in lines {
            #expect(!line.hasPrefix("FORGED") && !line.contains("\r"), "forged log line: \(line.debugDescription)")
        }
    }

    @Test func logSafeEscapesEveryControlCharacter() {
        #expect("a\r\nb".logSafe == "a\\r\\nb")
        #expect("tab\there\u{1B}[31m\u{7F}\u{85}".logSafe == "tab\\there\\u{1B}[31m\\u{7F}\\u{85}")
        #expect("back\\slash".logSafe == "back\\\\slash")
        #expect("plain é ✓".logSafe == "plain é ✓")
    }

    /// 405, 413 and unreadable bodies are answered before the rule chain; DESIGN §3 still wants
    /// every request in the postback log.
    @Test(.timeLimit(.minutes(1)))
    func requestsRefusedBeforeTheRuleChainAreLogged() async throws {
        try await withGuardedReceiver { admin, _ in
            try await admin.putCampaign("c1", #"{"status": "active", "type": "cpi", "payout": "1.20"}"#)
            let target = "/postback/advertiser?campaign_id=c1&click_id=k9"
            let delete = try await admin.client.send(CurlRequest(method: "DELETE", url: admin.baseURL + target))
            #expect(delete.status == 405)
            let big = try await admin.client.send(
                CurlRequest(
                    method: "POST", url: admin.baseURL + target,
                    headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
                    body: Array(repeating: UInt8(ascii: "a"), count: 70_000)))
            #expect(big.status == 413)
            let log = try await admin.postbacks("campaign_id=c1")
            #expect(log.map { $0["method"] as? String } == ["POST", "DELETE"])
            #expect(
                log.allSatisfy { $0["reason"] as? String == "malformed_request" && $0["click_id"] as? String == "k9" })
            #expect(try await admin.stats("c1")["rejected"] as? [String: Int] == ["malformed_request": 2])
        }
    }
}

/// A store whose postbacks fail with a message carrying the decoded request (CR/LF included),
/// the way a driver error may quote what it was given.
struct FailingStore: PostbackStore {
    let inner: SQLitePostbackStore

    func putCampaign(_ campaign: Campaign) async throws { try await inner.putCampaign(campaign) }
    func campaign(id: String) async throws -> Campaign? { try await inner.campaign(id: id) }
    func campaigns() async throws -> [Campaign] { try await inner.campaigns() }
    func deleteCampaign(id: String) async throws -> Bool { try await inner.deleteCampaign(id: id) }
    func addClicks(_ clicks: [Click]) async throws { try await inner.addClicks(clicks) }
    func click(id: String) async throws -> Click? { try await inner.click(id: id) }
    func process(_ request: PostbackRequest, now: Date) async throws -> Verdict {
        throw StoreError.unavailable("cannot record '\(request.target.removingPercentEncoding ?? request.target)'")
    }
    func recordRejection(_ verdict: Verdict, request: PostbackRequest) async throws {
        try await inner.recordRejection(verdict, request: request)
    }
    func stats(campaignID: String) async throws -> CampaignStats? { try await inner.stats(campaignID: campaignID) }
    func allStats() async throws -> [CampaignStats] { try await inner.allStats() }
    func postbacks(_ filter: PostbackLogFilter) async throws -> [PostbackLogEntry] { try await inner.postbacks(filter) }
}

/// Keeps every log record the receiver writes, rendered as one text line.
struct CollectingLogHandler: LogHandler {
    let lines: Shared<[String]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        lines.withLock { $0.append("\(event.level) \(fields.joined(separator: " ")) \(event.message)") }
    }
}

extension SecurityTests {
    /// A store failure quoting CR/LF from the request: the receiver's log line and the 503's
    /// message escape it, and the failed request is in the postback log.
    @Test(.timeLimit(.minutes(1)))
    func aStoreErrorQuotingTheRequestCannotForgeALogLine() async throws {
        let lines = Shared<[String]>([])
        let logger = Logger(label: "forge") { _ in CollectingLogHandler(lines: lines) }
        let store = FailingStore(inner: try SQLitePostbackStore(path: nil))
        try await store.putCampaign(Campaign(id: "c1", payout: Money("1") ?? .zero))
        try await withReceiver(configuration: ReceiverConfiguration(), store: store, logger: logger) { running in
            try await CurlClient.withClient { client in
                let admin = AdminClient(client: client, baseURL: running.baseURL)
                let answer = try await admin.postback("campaign_id=c1&click_id=k1%0D%0AFORGED%20line%0A")
                #expect(answer.status == 503)
                let message = try #require(answer.message)
                #expect(
                    !message.contains("\r") && !message.contains("\n") && message.contains("\\r\\nFORGED"), "\(message)"
                )
                let log = try await admin.postbacks("limit=10")
                #expect(log.count == 1 && log[0]["message"] as? String == message)
            }
        }
        let logged = lines.value.filter { $0.contains("FORGED") }
        #expect(logged.count == 1, "\(lines.value)")
        #expect(logged.allSatisfy { !$0.contains("\r") && !$0.contains("\n") }, "\(logged)")
    }

    /// Runs `openssl s_client` against `port` with one protocol version (an old one offered
    /// with the client's security level lowered, so that only the server can refuse it); whether
    /// the handshake completed.
    static func handshake(port: Int, version: String) throws -> Bool {
        let old = version == "-tls1" || version == "-tls1_1"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments =
            ["s_client", "-connect", "127.0.0.1:\(port)", version, "-servername", "clickwall.net"]
            + (old ? ["-cipher", "DEFAULT@SECLEVEL=0"] : [])
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test(
        "the TLS port speaks TLS 1.2 and 1.3 only",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")),
        .timeLimit(.minutes(1)))
    func tlsVersions() async throws {
        var configuration = ReceiverConfiguration()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/tls")
        configuration.tls = .init(
            certificateChain: root.appendingPathComponent("server.pem").path,
            privateKey: root.appendingPathComponent("server-key.pem").path)
        try await withReceiver(configuration: configuration, store: try SQLitePostbackStore(path: nil)) { running in
            let port = try #require(running.tlsPort)
            #expect(try Self.handshake(port: port, version: "-tls1_2"))
            #expect(try Self.handshake(port: port, version: "-tls1_3"))
            #expect(try !Self.handshake(port: port, version: "-tls1_1"))
            #expect(try !Self.handshake(port: port, version: "-tls1"))
        }
    }
}
