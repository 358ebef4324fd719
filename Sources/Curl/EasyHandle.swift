internal import CCurl

/// A libcurl easy handle owned by Swift, with everything it points at: its error buffer, the
/// `curl_slist`s and the request body given to it. `deinit` calls `curl_easy_cleanup` first and
/// only then frees what the handle pointed at.
///
/// Not thread-safe: it lives on the thread of the ``TransferLoop`` that drives it, which keeps
/// finished handles for the next requests (``reset(url:)``) instead of making new ones.
final class EasyHandle {
    /// The `CURL *`.
    let raw: UnsafeMutableRawPointer
    /// The URL of the request, to name it in errors.
    private(set) var url: String
    /// `CURLOPT_ERRORBUFFER`: libcurl writes its detailed message here when a call fails.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// Lists the handle points at (`CURLOPT_HTTPHEADER`, `CURLOPT_CONNECT_TO`).
    private var lists: [HeaderList] = []
    /// The `CURLOPT_POSTFIELDS` copy of the body: libcurl does not copy it.
    private var postFields: UnsafeMutableRawBufferPointer?

    /// Makes a handle with its error buffer and `CURLOPT_NOSIGNAL` set.
    init(url: String) throws(CurlError) {
        guard let raw = curl_easy_init() else {
            throw CurlError(
                code: CURLE_FAILED_INIT, message: "curl_easy_init returned no handle",
                operation: "creating an easy handle", url: url)
        }
        let size = ccurl_error_size()
        self.raw = raw
        self.url = url
        self.errorBuffer = .allocate(capacity: size)
        self.errorBuffer.initialize(repeating: 0, count: size)
        try setDefaults()
    }

    /// Makes the handle as good as new for another request (`curl_easy_reset`: every option back
    /// to its default; connections stay with the multi handle): frees its lists and body copy,
    /// clears the error buffer, sets `CURLOPT_ERRORBUFFER` and `CURLOPT_NOSIGNAL` again.
    func reset(url: String) throws(CurlError) {
        curl_easy_reset(raw)
        lists.removeAll(keepingCapacity: true)
        postFields?.deallocate()
        postFields = nil
        errorBuffer.pointee = 0
        self.url = url
        try setDefaults()
    }

    private func setDefaults() throws(CurlError) {
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_NOSIGNAL, 1)
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
        postFields?.deallocate()
    }

    /// What libcurl wrote into the error buffer, if anything.
    var errorText: String? {
        errorBuffer.pointee == 0 ? nil : String(cString: errorBuffer)
    }

    /// Checks a result code of a call on this handle (see ``CurlError/check(_:_:url:errorBuffer:)``).
    func check(_ code: CURLcode, _ operation: @autoclosure () -> String) throws(CurlError) {
        try CurlError.check(code, operation(), url: url, errorBuffer: errorBuffer)
    }

    // MARK: setopt

    func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(ccurl_easy_setopt_long(raw, option, value), "setting \(option.name)")
    }

    func set(_ option: CURLoption, _ value: Bool) throws(CurlError) {
        try set(option, value ? 1 : 0)
    }

    func set(_ option: CURLoption, offset value: Int64) throws(CurlError) {
        try check(ccurl_easy_setopt_off_t(raw, option, curl_off_t(value)), "setting \(option.name)")
    }

    /// Sets a string option; libcurl keeps its own copy. A string with a NUL byte is refused.
    func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        if value.utf8.contains(0) {
            throw CurlError.badArgument(
                "\(option.name) contains a NUL byte: \(String(reflecting: value))",
                operation: "setting \(option.name)", url: url)
        }
        let code = value.withCString { ccurl_easy_setopt_string(raw, option, $0) }
        try check(code, "setting \(option.name)")
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(CurlError) {
        try check(ccurl_easy_setopt_pointer(raw, option, value), "setting \(option.name)")
    }

    /// Points the option at `list` and keeps the list alive as long as the handle.
    func set(_ option: CURLoption, list: HeaderList) throws(CurlError) {
        lists.append(list)
        try check(ccurl_easy_setopt_slist(raw, option, list.raw), "setting \(option.name)")
    }

    func set(_ option: CURLoption, writeCallback value: curl_write_callback) throws(CurlError) {
        try check(ccurl_easy_setopt_write_callback(raw, option, value), "setting \(option.name)")
    }

    /// Sends `body` as `CURLOPT_POSTFIELDS`, from a copy the handle owns, with its exact size.
    func setPostFields(_ body: [UInt8]) throws(CurlError) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(body.count, 1), alignment: 1)
        body.withUnsafeBytes { copy.copyMemory(from: $0) }
        postFields?.deallocate()
        postFields = copy
        try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
        try set(CURLOPT_POSTFIELDS, pointer: copy.baseAddress)
    }

    // MARK: getinfo

    func info(long item: CURLINFO) throws(CurlError) -> Int {
        var value = 0
        try check(ccurl_easy_getinfo_long(raw, item, &value), "reading \(item.name)")
        return value
    }

    func info(offset item: CURLINFO) throws(CurlError) -> Int64 {
        var value: curl_off_t = 0
        try check(ccurl_easy_getinfo_off_t(raw, item, &value), "reading \(item.name)")
        return Int64(value)
    }

    func info(string item: CURLINFO) throws(CurlError) -> String? {
        var value: UnsafePointer<CChar>?
        try check(ccurl_easy_getinfo_string(raw, item, &value), "reading \(item.name)")
        return value.map { String(cString: $0) }
    }

    func info(pointer item: CURLINFO) throws(CurlError) -> UnsafeMutableRawPointer? {
        var value: UnsafeMutableRawPointer?
        try check(ccurl_easy_getinfo_pointer(raw, item, &value), "reading \(item.name)")
        return value
    }
}
