internal import CCurl

extension CurlError {
    /// The one gate for `CURLcode` results: returns on `CURLE_OK`, otherwise throws an error
    /// with the code, curl's message (the error buffer's text when there is one) and what was
    /// being done.
    static func check(
        _ code: CURLcode,
        _ operation: @autoclosure () -> String,
        url: String,
        errorBuffer: UnsafePointer<CChar>? = nil
    ) throws(CurlError) {
        guard code != CURLE_OK else { return }
        let buffered = errorBuffer.map { String(cString: $0) }
        throw CurlError(code: code, message: buffered?.trimmingTrailingNewlines, operation: operation(), url: url)
    }

    /// The one gate for `CURLMcode` results: returns on `CURLM_OK`, otherwise throws an error with
    /// the code, curl's message and what was being done.
    static func check(_ code: CURLMcode, _ operation: @autoclosure () -> String, url: String = "") throws(CurlError) {
        guard code != CURLM_OK else { return }
        throw CurlError(multiCode: code, operation: operation(), url: url)
    }
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while let last = text.last, last.isNewline {
            text = text.dropLast()
        }
        return String(text)
    }
}
