extension PostbackRules {
    /// Rule 1's 413 for a body over ``maxBodyBytes``: `bytes` is its size, or with `complete`
    /// false the bytes read before the reading stopped.
    public func bodyTooLarge(bytes: Int, complete: Bool) -> Rejection {
        let size = complete ? "\(bytes) bytes" : "over \(maxBodyBytes) bytes"
        return Rejection(
            reason: .malformedRequest, httpStatus: 413,
            message: "the request body is \(size), over the \(maxBodyBytes)-byte limit: a postback form needs only a "
                + "few short parameters — send them in the URL or as a short form")
    }

    /// Rules 1–3: well-formedness, required parameters, unsubstituted macros.
    ///
    /// Parameters are the query's, then the form body's. The rejection carries `campaign_id`
    /// and `click_id` whenever those parameters themselves parsed cleanly, whatever rule failed.
    public func parse(_ request: PostbackRequest) -> Result<ParsedPostback, Rejection> {
        let isGET = request.method == "GET"
        let isPOST = request.method == "POST"
        let body = request.body
        let hasFormBody = isPOST && !body.isEmpty && Self.isFormContentType(request.contentType)

        var scan = ParameterScan()
        var target = request.target
        let targetBytes = target.utf8.count
        target.withUTF8 { bytes in
            if let question = bytes.firstIndex(of: UInt8(ascii: "?")) {
                scan.scan(bytes[(question + 1)...], from: .query)
            }
        }
        if hasFormBody {
            body.withUnsafeBufferPointer { scan.scan($0[...], from: .body) }
        }
        let campaignID = scan.cleanCampaignID
        let clickID = scan.cleanClickID
        func reject(_ reason: RejectReason, _ message: String, httpStatus: Int? = nil) -> Result<
            ParsedPostback, Rejection
        > {
            .failure(
                Rejection(
                    reason: reason, httpStatus: httpStatus, message: message, campaignID: campaignID, clickID: clickID
                ))
        }

        // Rule 1: well-formed.
        if targetBytes > maxURLBytes {
            return reject(
                .malformedRequest,
                "the request URL is \(targetBytes) bytes, over the \(maxURLBytes)-byte limit: a postback needs only a "
                    + "few short parameters — check the template for pasted text or a repeated block",
                httpStatus: 414)
        }
        if request.headerBytes > maxHeaderBytes {
            return reject(
                .malformedRequest,
                "the request headers are \(request.headerBytes) bytes, over the \(maxHeaderBytes)-byte limit: a tracker "
                    + "sends a few hundred — check what the sending system adds (cookies, a pasted header)",
                httpStatus: 431)
        }
        if body.count > maxBodyBytes {
            var rejection = bodyTooLarge(bytes: body.count, complete: true)
            rejection.campaignID = campaignID
            rejection.clickID = clickID
            return .failure(rejection)
        }
        guard isGET || isPOST else {
            return reject(
                .malformedRequest,
                "method \(MessageText.sanitized(request.method)) is not accepted: send the postback as GET, or as "
                    + "POST with a form body",
                httpStatus: 405)
        }
        if isGET, !body.isEmpty {
            return reject(
                .malformedRequest,
                "GET must not carry a body (got \(body.count) bytes): put the parameters in the query string, or "
                    + "send POST with a form body")
        }
        if isPOST, !body.isEmpty, !hasFormBody {
            guard let contentType = request.contentType, !contentType.isEmpty else {
                return reject(
                    .malformedRequest,
                    "POST expects a form body (application/x-www-form-urlencoded), got a body without Content-Type: "
                        + "set that Content-Type, or put the parameters in the query string")
            }
            let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? contentType
            return reject(
                .malformedRequest,
                "POST expects a form body (application/x-www-form-urlencoded), got "
                    + "\(MessageText.sanitized(String(Self.trimmed(mediaType)))): send the parameters as a form or in the "
                    + "query string")
        }
        if let problem = scan.problem {
            return reject(.malformedRequest, problem)
        }

        // Rule 2: campaign_id and click_id present and non-empty.
        let parameters = scan.parameters
        let campaignValue = Self.value("campaign_id", in: parameters)
        let clickValue = Self.value("click_id", in: parameters)
        if campaignValue == nil || clickValue == nil {
            let missing = [campaignValue == nil ? "campaign_id" : nil, clickValue == nil ? "click_id" : nil]
                .compactMap { $0 }
            let hint = missing.lazy.compactMap { ParameterHint.forMissing($0, in: parameters) }.first
            let message =
                if let hint {
                    "missing \(MessageText.list(missing)); \(hint.clause)"
                } else {
                    "missing \(MessageText.list(missing)): the postback URL must carry campaign_id and click_id "
                        + "exactly as ClickWall's dashboard gives it, with the tracker's click-id macro in click_id."
                }
            return reject(.missingParameter, message)
        }
        if campaignValue == "" {
            return reject(
                .missingParameter,
                "campaign_id is empty: put your ClickWall campaign id there, exactly as the dashboard's postback URL "
                    + "has it.")
        }
        if clickValue == "" {
            var message =
                "click_id is empty — the tracker had no click id (organic install?) or the macro filled nothing"
            if let hint = ParameterHint.forMissing("click_id", in: parameters.filter { !$0.value.isEmpty }) {
                message += "; \(hint.clause)"
            } else {
                message += "."
            }
            return reject(.missingParameter, message)
        }

        // Rule 3: no used parameter still holds a macro.
        for name in Self.usedParameters {
            guard let value = Self.value(name, in: parameters), let macro = MacroDetector.firstMacro(in: value) else {
                continue
            }
            let sender = trackerHints.sender(userAgent: request.userAgent, macro: macro)
            return reject(.unsubstitutedMacro, MacroAdvice.message(parameter: name, macro: macro, sender: sender))
        }

        var postback = ParsedPostback(
            campaignID: campaignValue ?? "", clickID: clickValue ?? "", parameters: parameters)
        postback.warnings = Self.warnings(for: parameters)
        return .success(postback)
    }

    /// Most warnings one postback carries; the rest are summed up in one line.
    static let maxWarnings = 10

    /// Findings in the extra parameters: macros left in them, names that look like a used one.
    static func warnings(for parameters: [QueryParameter]) -> [String] {
        var warnings: [String] = []
        var extraCount = 0
        for parameter in parameters where !isUsedParameter(parameter.name) {
            var found: [String] = []
            if let macro = MacroDetector.firstMacro(in: parameter.value) {
                found.append(
                    "parameter \(MessageText.quoted(parameter.name)) holds the unsubstituted macro "
                        + "\(MessageText.quoted(macro.text)): ClickWall does not use it and records it as sent, but "
                        + "the tracker did not fill it.")
            } else if let macro = MacroDetector.firstMacro(in: parameter.name) {
                found.append(
                    "parameter name \(MessageText.quoted(parameter.name)) holds the macro "
                        + "\(MessageText.quoted(macro.text)): names are fixed text, only values take macros.")
            }
            if let intended = ParameterHint.intendedName(for: parameter.name),
                value(intended, in: parameters) == nil
            {
                let hint =
                    ParameterHint.key(parameter.name).hadEntity
                    ? ParameterHint(expected: intended, found: parameter.name, kind: .htmlEntity)
                    : ParameterHint(expected: intended, found: parameter.name, kind: .nearMiss)
                found.append("\(intended) is not in the request, but \(hint.clause)")
            }
            for warning in found {
                if warnings.count < maxWarnings { warnings.append(warning) } else { extraCount += 1 }
            }
        }
        if extraCount > 0 { warnings.append("\(extraCount) more warnings of the same kinds.") }
        return warnings
    }

    static func value(_ name: String, in parameters: [QueryParameter]) -> String? {
        for parameter in parameters where parameter.name == name { return parameter.value }
        return nil
    }

    /// `application/x-www-form-urlencoded`, any case, parameters such as `charset` allowed.
    static func isFormContentType(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return trimmed(mediaType).lowercased() == "application/x-www-form-urlencoded"
    }

    static func trimmed(_ text: some StringProtocol) -> Substring {
        let substring = Substring(text)
        let start = substring.firstIndex { $0 != " " && $0 != "\t" } ?? substring.endIndex
        let end = substring.lastIndex { $0 != " " && $0 != "\t" }.map { substring.index(after: $0) } ?? start
        return substring[start..<max(start, end)]
    }
}
