internal import CCurl

/// libcurl's process-wide state: `curl_global_init` runs once per process, before the first
/// handle, however many clients are made (a global `let` is initialised exactly once).
enum CurlGlobal {
    private static let initialization: Result<Void, CurlError> = Result {
        () throws(CurlError) in
        try CurlError.check(ccurl_global_init_all(), "initialising libcurl (curl_global_init)", url: "")
    }

    /// Initialises libcurl if no one has yet; throws what `curl_global_init` reported.
    static func initialize() throws(CurlError) {
        try initialization.get()
    }
}
