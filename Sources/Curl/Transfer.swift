internal import CCurl

/// One request on its easy handle, from configuration to the response: the handle, who waits
/// for the outcome (a task's submission or a feed), and the headers and body as they arrive.
///
/// Not thread-safe: made, driven and finished on the thread of the ``TransferLoop``. libcurl's
/// callbacks find it through the `Unmanaged` pointer given as `CURLOPT_WRITEDATA`,
/// `CURLOPT_HEADERDATA`; the loop keeps it alive while the handle is in
/// the multi handle.
final class Transfer {
    /// Who is told the outcome.
    enum Owner {
        /// A task awaiting ``CurlClient/send(_:)``.
        case submission(Submission)
        /// Request `index` of a ``CurlClient/send(count:inflight:request:response:)``.
        case feed(Feed, index: Int)
    }

    let request: CurlRequest
    let owner: Owner
    let easy: EasyHandle
    /// The headers of the latest response seen (reset at each status line).
    var headers: [HTTPHeader] = []
    /// The body bytes received so far.
    var body: [UInt8] = []

    /// Sets every option the request asks for on `easy`, a new or reset handle.
    init(_ request: CurlRequest, owner: Owner, easy: EasyHandle) throws(CurlError) {
        self.request = request
        self.owner = owner
        self.easy = easy
        try configure(request)
    }

    /// Tells the owner the outcome.
    func finish(_ outcome: Result<CurlResponse, CurlError>) {
        switch owner {
        case .submission(let submission): submission.finish(outcome)
        case .feed(let feed, let index): feed.handleResponse(index, outcome)
        }
    }

    private func configure(_ request: CurlRequest) throws(CurlError) {
        let this = Unmanaged.passUnretained(self).toOpaque()
        try easy.set(CURLOPT_URL, request.url)
        try easy.set(CURLOPT_PATH_AS_IS, true)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try configureMethod(request)
        try configureHeaders(request)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.curlMilliseconds)
        try easy.set(CURLOPT_TIMEOUT_MS, request.timeout.curlMilliseconds)
        try easy.set(CURLOPT_FOLLOWLOCATION, request.followRedirects)
        try easy.set(CURLOPT_MAXREDIRS, max(request.maxRedirects, 0))
        if !request.connectTo.isEmpty {
            for entry in request.connectTo where !Transfer.isConnectToEntry(entry) {
                // libcurl skips an entry it cannot parse and would then resolve the real host.
                throw CurlError.badArgument(
                    "the CURLOPT_CONNECT_TO entry \(String(reflecting: entry)) is not HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT",
                    operation: "setting CURLOPT_CONNECT_TO", url: request.url)
            }
            let list = try HeaderList(request.connectTo, option: "CURLOPT_CONNECT_TO", url: request.url)
            try easy.set(CURLOPT_CONNECT_TO, list: list)
        }
        if let caFile = request.caFile {
            try easy.set(CURLOPT_CAINFO, caFile)
        }
        try easy.set(CURLOPT_SSL_VERIFYPEER, 1)
        try easy.set(CURLOPT_SSL_VERIFYHOST, 2)
        if request.freshConnection {
            try easy.set(CURLOPT_FRESH_CONNECT, true)
            try easy.set(CURLOPT_FORBID_REUSE, true)
        }
        try easy.set(CURLOPT_WRITEDATA, pointer: this)
        try easy.set(CURLOPT_WRITEFUNCTION, writeCallback: Transfer.receiveBody)
        try easy.set(CURLOPT_HEADERDATA, pointer: this)
        try easy.set(CURLOPT_HEADERFUNCTION, writeCallback: Transfer.receiveHeader)
    }

    private func configureMethod(_ request: CurlRequest) throws(CurlError) {
        let method = request.method
        let isToken = !method.isEmpty && method.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        guard isToken else {
            throw CurlError.badArgument(
                "the method \(String(reflecting: method)) is not an HTTP token",
                operation: "setting the method", url: request.url)
        }
        if let body = request.body {
            try easy.setPostFields(body)
            if method != "POST" {
                try easy.set(CURLOPT_CUSTOMREQUEST, method)
            }
        } else {
            switch method {
            case "GET":
                try easy.set(CURLOPT_HTTPGET, true)
            case "HEAD":
                try easy.set(CURLOPT_NOBODY, true)
            case "POST":
                try easy.setPostFields([])
            default:
                try easy.set(CURLOPT_CUSTOMREQUEST, method)
            }
        }
    }

    private func configureHeaders(_ request: CurlRequest) throws(CurlError) {
        if let userAgent = request.userAgent {
            try easy.set(CURLOPT_USERAGENT, userAgent)
        }
        var lines: [String] = []
        for header in request.headers {
            lines.append(try Transfer.headerLine(header, url: request.url))
        }
        // libcurl adds `Expect: 100-continue` to large bodies and then waits for the server:
        // a tracker does not, so leave it out unless the caller asks for it.
        let asksForExpect = request.headers.contains { $0.name.lowercased() == "expect" }
        if request.body != nil && !asksForExpect {
            lines.append("Expect:")
        }
        if !lines.isEmpty {
            try easy.set(CURLOPT_HTTPHEADER, list: HeaderList(lines, option: "CURLOPT_HTTPHEADER", url: request.url))
        }
    }

    /// The `curl_slist` line for a header. libcurl reads `Name:` as "remove this header" and
    /// `Name;` as "send it empty", so an empty value becomes `Name;`.
    private static func headerLine(_ header: HTTPHeader, url: String) throws(CurlError) -> String {
        let badName = header.name.isEmpty || header.name.utf8.contains { $0 <= 0x20 || $0 == 0x3A || $0 == 0x7F }
        if badName {
            throw CurlError.badArgument(
                "the header name \(String(reflecting: header.name)) is empty or has a space, colon or control character",
                operation: "setting request headers", url: url)
        }
        if header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
            throw CurlError.badArgument(
                "the value of header \(header.name) has a line break or NUL byte: \(String(reflecting: header.value))",
                operation: "setting request headers", url: url)
        }
        return header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
    }

    /// Whether `entry` has libcurl's `HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT` shape: four
    /// fields (an IPv6 address in brackets may hold colons), each port empty or a number.
    static func isConnectToEntry(_ entry: String) -> Bool {
        var fields: [Substring] = []
        var start = entry.startIndex
        var inBrackets = false
        for index in entry.utf8.indices {
            switch entry.utf8[index] {
            case UInt8(ascii: "["): inBrackets = true
            case UInt8(ascii: "]"): inBrackets = false
            case UInt8(ascii: ":") where !inBrackets:
                fields.append(entry[start..<index])
                start = entry.utf8.index(after: index)
            default: break
            }
        }
        fields.append(entry[start...])
        guard fields.count == 4 else { return false }
        return [fields[1], fields[3]].allSatisfy { port in
            port.isEmpty || (port.count <= 5 && port.allSatisfy(\.isASCII) && port.allSatisfy(\.isNumber))
        }
    }
}
