import Foundation
import Trackers

/// A receiver the runner does not start: a separately started `postback-harness serve`, or a
/// staging deployment of ClickWall's receiver, reached at ``baseURL`` through DESIGN §4's API.
///
/// Postbacks to `clickwall.net` are routed to its host and port with libcurl's connect-to:
/// `http://` postbacks to the port of an `http://` receiver URL, `https://` postbacks to
/// ``tlsPort`` (or the port of an `https://` receiver URL), verified as `clickwall.net`
/// against ``caFile``. A scenario whose postbacks cannot be routed is skipped, saying why.
public struct ExternalReceiver: Sendable, Hashable {
    /// `http://host:port` or `https://host:port`, without a trailing slash.
    public var baseURL: String
    public var scheme: String
    public var host: String
    public var port: Int
    /// Bearer token for `/api/*`.
    public var adminToken: String?
    /// The receiver's TLS listener for `https://` postbacks, when it has one.
    public var tlsPort: Int?
    /// The CA the receiver's certificates are verified against (the system's when `nil`).
    public var caFile: String?
    /// Prefix of every campaign id this run creates (`r<runID>-<n>-<id>`), so that several runs
    /// can share one receiver without seeing each other's statistics.
    public var runID: String
    /// Whether the receiver offers `/api/faults` (`serve --faults`), found by ``check()``:
    /// scenarios with receiver faults run against it instead of being skipped.
    public var offersFaults = false

    /// Checks and keeps an external receiver's address.
    ///
    /// - Throws: ``ExternalReceiverError`` naming the value that is wrong.
    public init(
        url: String, adminToken: String? = nil, tlsPort: Int? = nil, caFile: String? = nil,
        runID: String = ExternalReceiver.makeRunID()
    ) throws(ExternalReceiverError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else {
            throw ExternalReceiverError("--receiver '\(url)' is not an http:// or https:// URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ExternalReceiverError("--receiver '\(url)' has no host")
        }
        guard components.path.isEmpty || components.path == "/", components.query == nil, components.fragment == nil
        else {
            throw ExternalReceiverError(
                "--receiver '\(url)' must be the receiver's root (scheme, host and port only): DESIGN §4's paths start at /"
            )
        }
        guard components.user == nil, components.password == nil else {
            throw ExternalReceiverError("--receiver '\(url)' must not carry credentials; use --admin-token")
        }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        guard (1...65535).contains(port) else { throw ExternalReceiverError("--receiver '\(url)' has an invalid port") }
        if let tlsPort, !(1...65535).contains(tlsPort) {
            throw ExternalReceiverError("--receiver-tls-port must be 1…65535, got \(tlsPort)")
        }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ExternalReceiverError("--receiver-ca '\(caFile)' is not a readable file")
        }
        guard Self.isValidRunID(runID) else {
            throw ExternalReceiverError("--run-id '\(runID)' must be 1 to 12 letters or digits")
        }
        let hostInURL = host.contains(":") ? "[\(host)]" : host
        self.baseURL = "\(scheme)://\(hostInURL):\(port)"
        self.scheme = scheme
        self.host = host
        self.port = port
        self.adminToken = adminToken
        self.tlsPort = tlsPort ?? (scheme == "https" ? port : nil)
        self.caFile = caFile
        self.runID = runID
    }

    /// Whether `id` can prefix campaign ids: 1 to 12 of `[A-Za-z0-9]`.
    public static func isValidRunID(_ id: String) -> Bool {
        (1...12).contains(id.utf8.count)
            && id.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }

    /// Eight random characters of `[a-z0-9]`.
    public static func makeRunID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// Where postbacks to ClickWall's hosts go: this receiver's ports.
    var route: PostbackRoute {
        PostbackRoute(
            receiverAddress: host, httpPort: scheme == "http" ? port : 0, httpsPort: tlsPort, caFile: caFile)
    }

    /// Why `scenario` cannot run against this receiver, or `nil` when it can.
    public func reasonToSkip(_ scenario: Scenario) -> String? {
        if !offersFaults {
            if !scenario.receiverFaults.isEmpty {
                return
                    "its receiver: block makes the receiver misbehave on purpose, which needs a receiver with /api/faults (`serve --faults`)"
            }
            for step in scenario.traffic {
                if step.fault == .expiredClick {
                    return
                        "fault 'expired-click' moves the receiver's clock past the conversion window, which needs a receiver with /api/faults (`serve --faults`)"
                }
                if let fault = step.fault, Self.receiverSideFaults.contains(fault) {
                    return
                        "fault '\(fault.rawValue)' needs the receiver to misbehave on purpose, which needs a receiver with /api/faults (`serve --faults`)"
                }
            }
        }
        // The postbacks: the trackers' templates, and the callbacks a tracker takes from its
        // campaign's tracking link (none for most), read as that tracker reads them.
        let callbacks = scenario.traffic.flatMap { step -> [String] in
            guard let profile = scenario.tracker(named: step.tracker)?.profile,
                let link = scenario.campaign(id: step.campaignID)?.trackingLink
            else { return [] }
            return Array(profile.capture(fromTrackingURL: link).callbacks.values)
        }
        let templates = (scenario.trackers.flatMap(\.postbacks) + callbacks).map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        }
        if tlsPort == nil, templates.contains(where: { $0.hasPrefix("https://") }) {
            return
                "its postbacks use https and the external receiver has no TLS port: give --receiver-tls-port (and --receiver-ca)"
        }
        if scheme == "https", templates.contains(where: { $0.hasPrefix("http://") }) {
            return "its postbacks use plain http and the external receiver was given as https only"
        }
        return nil
    }

    /// Faults that need the receiver to misbehave on purpose (slow or 5xx answers at first, its
    /// clock moved forward): a receiver with `/api/faults`.
    static let receiverSideFaults: Set<Fault> = [.retryAfterTimeout, .retryAfter5xx, .expiredClick]
}
