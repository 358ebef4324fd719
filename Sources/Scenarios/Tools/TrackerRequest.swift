import Curl
import Trackers

/// The request a tracker profile makes for one filled postback URL: method (a POST sends the
/// query as a form body), timeouts, User-Agent and redirects, as ``PostbackSender`` sends it.
enum TrackerRequest {
    static func make(url: String, profile: TrackerProfile, connectTo: [String], caFile: String?) -> CurlRequest {
        var requestURL = url
        var body: String?
        var headers: [HTTPHeader] = []
        if profile.method == .post, let question = url.firstIndex(of: "?") {
            requestURL = String(url[..<question])
            body = String(url[url.index(after: question)...])
            headers.append(HTTPHeader("Content-Type", "application/x-www-form-urlencoded"))
        }
        return CurlRequest(
            method: profile.method.rawValue, url: requestURL, headers: headers, body: body.map { Array($0.utf8) },
            connectTimeout: profile.timeouts.connect, timeout: profile.timeouts.total,
            followRedirects: profile.followsRedirects, connectTo: connectTo, caFile: caFile,
            userAgent: profile.userAgent)
    }

    /// The request line's target (`/path?query`) of `url`, or `url` itself when it has no host part.
    static func target(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let target = String(rest[slash...])
        return target.hasPrefix("?") ? "/" + target : target
    }
}
