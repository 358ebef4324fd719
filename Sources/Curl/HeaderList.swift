internal import CCurl

/// A `curl_slist` owned by Swift: lines are copied in by `curl_slist_append`, the list is freed
/// in `deinit`. Keep it alive for as long as an easy handle points at it.
final class HeaderList {
    private(set) var raw: UnsafeMutablePointer<curl_slist>?

    init() {}

    /// Makes a list of these lines; `option` and `url` name the list in errors.
    convenience init(_ lines: [String], option: String, url: String) throws(CurlError) {
        self.init()
        for line in lines {
            try append(line, option: option, url: url)
        }
    }

    /// Appends a copy of `line`; a line with a NUL byte is refused (C would cut it short).
    func append(_ line: String, option: String, url: String) throws(CurlError) {
        if line.utf8.contains(0) {
            throw CurlError.badArgument(
                "\(option) entry contains a NUL byte: \(String(reflecting: line))",
                operation: "setting \(option)", url: url)
        }
        guard let appended = curl_slist_append(raw, line) else {
            throw CurlError(
                code: CURLE_OUT_OF_MEMORY, message: nil, operation: "appending to \(option)", url: url)
        }
        raw = appended
    }

    deinit {
        curl_slist_free_all(raw)
    }
}
