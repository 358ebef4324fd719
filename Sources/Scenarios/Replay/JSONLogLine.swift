import Foundation

/// One JSON object per line, as nginx writes with a JSON `log_format` (`escape=json`) and as
/// Cloudflare's Logpush writes its `http_requests` dataset: the request, its time and status
/// taken from the fields either names.
///
/// nginx: `request` (`GET /path?q HTTP/1.1`) or `request_method` with `request_uri` (or `uri`
/// and `args`); `time_iso8601`, `time_local` or `msec`; `status`; `request_body` when the format
/// logs it. Cloudflare: `ClientRequestMethod`, `ClientRequestURI`, `EdgeStartTimestamp` (RFC 3339,
/// Unix seconds or Unix nanoseconds), `EdgeResponseStatus`.
struct JSONLogLine {
    static func read(_ line: String) -> LogLineReading {
        guard let data = line.data(using: .utf8),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return .unreadable("not a JSON object") }
        let status = integer(object["status"] ?? object["EdgeResponseStatus"])
        let time = self.time(object)
        var method = string(object["request_method"] ?? object["ClientRequestMethod"] ?? object["method"])
        var target = string(object["request_uri"] ?? object["ClientRequestURI"])
        if target == nil, let uri = string(object["uri"]) {
            let args = string(object["args"] ?? object["query_string"]) ?? ""
            target = args.isEmpty ? uri : uri + "?" + args
        }
        if target == nil, let request = string(object["request"]) {
            let requestLine = CombinedLogLine.requestLine(request)
            if requestLine == nil, request.isEmpty || request == "-" {
                return .noRequest(
                    "no request: the connection closed before it sent one (status \(status.map(String.init) ?? "-"))")
            }
            guard let requestLine else { return .unreadable("the request field is not 'METHOD TARGET PROTOCOL'") }
            method = requestLine.method
            target = requestLine.target
        }
        if target == nil, let url = string(object["url"] ?? object["request_url"]) {
            target = URLListLine.parse(url)?.target
        }
        guard let target, target.hasPrefix("/") else {
            return .unreadable("no request_uri, ClientRequestURI or request field holding a path")
        }
        var postback = LoggedPostback(
            line: 0, method: method ?? "GET", target: target, time: time,
            logged: status.map { LoggedAnswer(status: $0) })
        postback.scheme = string(object["ClientRequestScheme"] ?? object["scheme"])
        postback.userAgent = string(object["http_user_agent"] ?? object["ClientRequestUserAgent"]).flatMap {
            $0.isEmpty || $0 == "-" ? nil : $0
        }
        if let text = string(object["request_body"]), !text.isEmpty, text != "-" {
            postback.body = Array(CombinedLogLine.unescape(text).utf8)
            postback.contentType = string(object["content_type"] ?? object["http_content_type"])
        } else if postback.method == "POST" {
            postback.bodyNotLogged = true
        }
        return .request(postback)
    }

    private static func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        return text
    }

    /// nginx logs `"status": "200"` (a string), Cloudflare `200`.
    private static func integer(_ value: Any?) -> Int? {
        if let number = value as? Int { return number }
        if let text = value as? String { return Int(text) }
        return nil
    }

    private static func time(_ object: [String: Any]) -> Date? {
        for key in ["time_iso8601", "EdgeStartTimestamp", "@timestamp", "timestamp", "time"] {
            if let text = object[key] as? String, let date = LogTime.iso8601(text) { return date }
        }
        if let local = object["time_local"] as? String, let date = CombinedLogLine.parseTime(local) { return date }
        if let unix = object["EdgeStartTimestamp"] as? Double {
            // Unix seconds (`unix`) or nanoseconds (`unixnano`), as timestamp_format says.
            return Date(timeIntervalSince1970: unix > 1e12 ? unix / 1e9 : unix)
        }
        if let msec = (object["msec"] as? Double) ?? (object["msec"] as? String).flatMap(Double.init) {
            return Date(timeIntervalSince1970: msec)
        }
        return nil
    }
}
