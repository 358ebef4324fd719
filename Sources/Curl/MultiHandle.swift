internal import CCurl

/// A libcurl multi handle owned by Swift; `deinit` calls `curl_multi_cleanup`, which closes
/// the connections kept for reuse. Remove every easy handle before letting it go.
///
/// Not thread-safe: it lives on the thread of the ``TransferLoop`` that drives it. Only
/// `curl_multi_wakeup`, which libcurl allows from any thread, is called elsewhere, through
/// ``TransferInbox``, and never after the loop has closed the inbox.
final class MultiHandle {
    /// The `CURLM *`.
    let raw: UnsafeMutableRawPointer

    /// Makes a multi handle that opens at most `maxConnections` connections at once and keeps
    /// as many open for reuse.
    init(maxConnections: Int) throws(CurlError) {
        guard let raw = curl_multi_init() else {
            throw CurlError(
                code: CURLE_FAILED_INIT, message: "curl_multi_init returned no handle",
                operation: "creating the multi handle", url: "")
        }
        self.raw = raw
        try set(CURLMOPT_MAX_TOTAL_CONNECTIONS, maxConnections, name: "CURLMOPT_MAX_TOTAL_CONNECTIONS")
        try set(CURLMOPT_MAXCONNECTS, maxConnections, name: "CURLMOPT_MAXCONNECTS")
    }

    deinit {
        curl_multi_cleanup(raw)
    }

    func set(_ option: CURLMoption, _ value: Int, name: String) throws(CurlError) {
        try CurlError.check(ccurl_multi_setopt_long(raw, option, value), "setting \(name)")
    }

    func add(_ easy: EasyHandle) throws(CurlError) {
        try CurlError.check(
            curl_multi_add_handle(raw, easy.raw), "adding the request (curl_multi_add_handle)", url: easy.url)
    }

    func remove(_ easy: EasyHandle) throws(CurlError) {
        try CurlError.check(
            curl_multi_remove_handle(raw, easy.raw), "removing the request (curl_multi_remove_handle)", url: easy.url)
    }

    /// Moves every transfer as far as it can go without waiting.
    func perform() throws(CurlError) {
        var running: Int32 = 0
        try CurlError.check(curl_multi_perform(raw, &running), "driving transfers (curl_multi_perform)")
    }

    /// Waits until a socket is ready, libcurl's next timer is due, `curl_multi_wakeup` is
    /// called, or `milliseconds` have passed.
    func poll(milliseconds: Int32) throws(CurlError) {
        try CurlError.check(
            curl_multi_poll(raw, nil, 0, milliseconds, nil), "waiting for transfers (curl_multi_poll)")
    }

    /// The next finished transfer: its easy handle and its result.
    func nextFinished() -> (easy: UnsafeMutableRawPointer, result: CURLcode)? {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(raw, &queued) {
            if message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle {
                return (easy, ccurl_msg_result(message))
            }
        }
        return nil
    }
}
