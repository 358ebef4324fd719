internal import CCurl

/// A request that libcurl (or the client around it) could not carry out.
///
/// ``code`` is libcurl's own result code and ``message`` its own words: the text of the
/// handle's `CURLOPT_ERRORBUFFER` when libcurl wrote one, else `curl_easy_strerror`. The
/// ``description`` names the URL and what was being done, e.g.
/// `http://127.0.0.1:1/x: Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to
/// server (curl error 7 while sending GET)`.
///
/// Ask the predicates (``isTimeout``, ``isConnectFailure``, ...) rather than comparing codes:
/// new kinds can be added without breaking callers.
public struct CurlError: Error, Sendable, CustomStringConvertible {
    /// Which layer produced ``code``.
    private enum Source: Sendable, Equatable {
        /// A `CURLcode`: an easy-handle call or a transfer's result.
        case transfer
        /// A `CURLMcode`: a call on the multi handle.
        case multi
        /// The client refused before libcurl saw the request (it is shut down).
        case client
    }

    private let source: Source
    /// libcurl's result code: a `CURLcode` (`CURLE_*`) for a transfer or an easy-handle call, a
    /// `CURLMcode` (`CURLM_*`) for a multi-handle call, `0` when the client was shut down.
    public let code: Int32
    /// libcurl's message, e.g. `Operation timed out after 1001 milliseconds with 0 bytes received`.
    public let message: String
    /// What was being done, e.g. `sending GET` or `setting CURLOPT_CAINFO`.
    public let operation: String
    /// The request's URL, as given; empty for errors that concern no request.
    public let url: String

    private init(source: Source, code: Int32, message: String, operation: String, url: String) {
        self.source = source
        self.code = code
        self.message = message
        self.operation = operation
        self.url = url
    }

    /// An error from a `CURLcode`, with libcurl's message.
    init(code: CURLcode, message: String?, operation: String, url: String) {
        let text = message.flatMap { $0.isEmpty ? nil : $0 } ?? String(cString: curl_easy_strerror(code))
        self.init(
            source: .transfer, code: Int32(truncatingIfNeeded: code.rawValue), message: text,
            operation: operation, url: url)
    }

    /// An error from a `CURLMcode`, with libcurl's message.
    init(multiCode code: CURLMcode, operation: String, url: String = "") {
        self.init(
            source: .multi, code: Int32(truncatingIfNeeded: code.rawValue),
            message: String(cString: curl_multi_strerror(code)), operation: operation, url: url)
    }

    /// A request or argument refused before it reached libcurl (`CURLE_BAD_FUNCTION_ARGUMENT`).
    static func badArgument(_ message: String, operation: String, url: String) -> CurlError {
        CurlError(code: CURLE_BAD_FUNCTION_ARGUMENT, message: message, operation: operation, url: url)
    }

    /// A request made to, or still running in, a client that was shut down.
    static func shutDown(operation: String, url: String) -> CurlError {
        CurlError(
            source: .client, code: 0, message: "the curl client was shut down", operation: operation, url: url)
    }

    private func isTransfer(_ codes: CURLcode...) -> Bool {
        source == .transfer && codes.contains { Int32(truncatingIfNeeded: $0.rawValue) == code }
    }

    /// The connect timeout or the total timeout ran out (`CURLE_OPERATION_TIMEDOUT`).
    public var isTimeout: Bool {
        isTransfer(CURLE_OPERATION_TIMEDOUT)
    }

    /// No connection could be made: refused, unreachable or a host that does not resolve.
    /// A connect attempt that ran out of time is ``isTimeout`` instead.
    public var isConnectFailure: Bool {
        isTransfer(CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY)
    }

    /// The TLS handshake or the verification of the server's certificate failed, or the CA file
    /// could not be used.
    public var isTLSFailure: Bool {
        isTransfer(
            CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_INVALIDCERTSTATUS,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH)
    }

    /// libcurl refused the URL: malformed, or a scheme other than `http` and `https`.
    public var isMalformedURL: Bool {
        isTransfer(CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL)
    }

    /// The client was shut down before or while the request ran.
    public var isShutdown: Bool {
        source == .client
    }

    /// The URL, curl's message, its code and what was being done.
    public var description: String {
        let subject = url.isEmpty ? "curl" : url
        let codeLabel =
            switch source {
            case .transfer: "curl error \(code)"
            case .multi: "curl multi error \(code)"
            case .client: "curl client"
            }
        return "\(subject): \(message) (\(codeLabel) while \(operation))"
    }
}
