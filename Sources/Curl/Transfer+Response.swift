internal import CCurl

extension Transfer {
    func appendBody(_ bytes: UnsafeRawBufferPointer) {
        body.append(contentsOf: bytes)
    }

    /// Parses one header line. A status line starts a new response (after a redirect or a
    /// `100 Continue`), so the headers kept are the final response's.
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var line = bytes[...]
        while let last = line.last, last == 0x0A || last == 0x0D {
            line = line.dropLast()
        }
        guard !line.isEmpty else { return }
        if line.starts(with: "HTTP/".utf8) {
            headers.removeAll(keepingCapacity: true)
            return
        }
        if let first = line.first, first == 0x20 || first == 0x09 {
            // An obsolete folded line continues the previous header's value.
            if !headers.isEmpty {
                headers[headers.count - 1].value += " " + String(decoding: Self.trimmingSpaces(line), as: UTF8.self)
            }
            return
        }
        guard let colon = line.firstIndex(of: 0x3A) else { return }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        let value = String(decoding: Self.trimmingSpaces(line[(colon + 1)...]), as: UTF8.self)
        headers.append(HTTPHeader(name, value))
    }

    /// The bytes without leading and trailing spaces and tabs (on bytes: a header arrives for
    /// every response, and trimming `Character`s cost more than the rest of the parsing).
    private static func trimmingSpaces(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        var bytes = bytes
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        return bytes
    }

    /// The response, or the error, once libcurl reports the transfer done with `result`.
    func outcome(_ result: CURLcode) -> Result<CurlResponse, CurlError> {
        do throws(CurlError) {
            guard result == CURLE_OK else {
                throw transferError(result)
            }
            let status = try easy.info(long: CURLINFO_RESPONSE_CODE)
            let effectiveURL = try easy.info(string: CURLINFO_EFFECTIVE_URL) ?? request.url
            let redirectURL = try easy.info(string: CURLINFO_REDIRECT_URL)
            let microseconds = try easy.info(offset: CURLINFO_TOTAL_TIME_T)
            let location = (300..<400).contains(status) ? headerValue("location") : nil
            return .success(
                CurlResponse(
                    status: status, headers: headers, body: body, redirectLocation: location ?? redirectURL,
                    effectiveURL: effectiveURL, totalTime: .microseconds(microseconds)))
        } catch {
            return .failure(error)
        }
    }

    /// The transfer's error with curl's message; for a URL libcurl refused, the message also
    /// says what its URL parser objects to.
    private func transferError(_ result: CURLcode) -> CurlError {
        var message = easy.errorText.map { $0.trimmed { $0.isNewline } }
        if result == CURLE_URL_MALFORMAT, let detail = Transfer.urlParseProblem(request.url) {
            message = "\(message ?? String(cString: curl_easy_strerror(result))): \(detail)"
        }
        return CurlError(code: result, message: message, operation: "sending \(request.method)", url: request.url)
    }

    /// What `curl_url_set` says about the URL (e.g. `Bad query`), `nil` when it accepts it.
    private static func urlParseProblem(_ url: String) -> String? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        let code = curl_url_set(handle, CURLUPART_URL, url, 0)
        guard code != CURLUE_OK, let text = curl_url_strerror(code) else { return nil }
        return String(cString: text)
    }

    private func headerValue(_ lowercasedName: String) -> String? {
        headers.first { $0.name.lowercased() == lowercasedName }?.value
    }
}

extension String {
    /// Without the characters at either end that match `isTrimmed`.
    fileprivate func trimmed(where isTrimmed: (Character) -> Bool) -> String {
        var text = Substring(self)
        while let first = text.first, isTrimmed(first) { text = text.dropFirst() }
        while let last = text.last, isTrimmed(last) { text = text.dropLast() }
        return String(text)
    }
}
