/// Rule 1 over the parameters of one request: decodes query and form pieces in order, keeps the
/// first problem, and tracks whether `campaign_id` and `click_id` themselves parsed cleanly
/// (the rejection carries them whatever rule fails).
struct ParameterScan {
    /// Where a parameter came from.
    enum Source {
        case query, body
    }

    /// Decoded parameters, in order: query first, then form body.
    private(set) var parameters: [QueryParameter] = []
    /// The first rule-1 problem found in a parameter, as a message.
    private(set) var problem: String?

    private var seenNames: [String] = []
    private var seenSources: [Source] = []
    /// Index of `seenNames` once there are enough names for linear search to cost.
    private var seenIndex: [String: Int]?
    private var campaign = IdentifierState()
    private var click = IdentifierState()
    private var scratch: [UInt8] = []

    /// One of the two identifying parameters.
    private struct IdentifierState {
        var occurrences = 0
        var value: String?
        var isClean = true

        var cleanValue: String? {
            guard occurrences == 1, isClean, let value, !value.isEmpty else { return nil }
            return value
        }
    }

    /// `campaign_id`, when it appears exactly once, decodes cleanly and is not empty.
    var cleanCampaignID: String? { campaign.cleanValue }
    /// `click_id`, on the same terms.
    var cleanClickID: String? { click.cleanValue }

    /// Decodes every piece of `bytes`.
    mutating func scan(_ bytes: FormDecoding.Bytes, from source: Source) {
        FormDecoding.forEachPiece(in: bytes) { rawName, rawValue in
            add(rawName: rawName, rawValue: rawValue, source: source)
        }
    }

    private mutating func add(rawName: FormDecoding.Bytes, rawValue: FormDecoding.Bytes?, source: Source) {
        let name: String
        switch FormDecoding.decode(rawName, scratch: &scratch) {
        case .text(let text):
            name = text
        case .problem(let problem):
            report(
                "a parameter name ('\(FormDecoding.display(rawName))') \(MessageText.describe(problem)): "
                    + "parameter names are plain text, percent-encoded once")
            return
        }
        let isCampaign = name == "campaign_id"
        let isClick = !isCampaign && name == "click_id"
        if isCampaign { campaign.occurrences += 1 }
        if isClick { click.occurrences += 1 }

        if let firstSource = firstSource(of: name) {
            if isCampaign { campaign.isClean = false }
            if isClick { click.isClean = false }
            let place =
                switch (firstSource, source) {
                case (.query, .body): "in both the query string and the form body"
                default: "more than once"
                }
            report(
                "parameter \(MessageText.quoted(name)) appears \(place): send each parameter once "
                    + "(check that the tracker does not append a parameter the URL already has)")
        } else {
            remember(name, source: source)
        }

        let value: String
        if let rawValue {
            switch FormDecoding.decodeValue(rawValue, scratch: &scratch) {
            case .text(let text):
                value = text
            case .problem(let problem):
                if isCampaign { campaign.isClean = false }
                if isClick { click.isClean = false }
                report(
                    "parameter \(MessageText.quoted(name)) \(MessageText.describe(problem)) "
                        + "('\(FormDecoding.display(rawValue))'): \(Self.advice(for: problem))")
                return
            }
        } else {
            value = ""
        }
        if isCampaign { campaign.value = value }
        if isClick { click.value = value }
        parameters.append(QueryParameter(name: name, value: value))
    }

    private static func advice(for problem: FormDecoding.Problem) -> String {
        switch problem {
        case .invalidUTF8:
            "encode the value as UTF-8 before percent-encoding it, exactly once"
        case .controlByte:
            "control characters never belong in a postback — check what the tracker fills into that value"
        }
    }

    private mutating func report(_ message: String) {
        if problem == nil { problem = message }
    }

    private func firstSource(of name: String) -> Source? {
        if let seenIndex { return seenIndex[name].map { seenSources[$0] } }
        return seenNames.firstIndex(of: name).map { seenSources[$0] }
    }

    private mutating func remember(_ name: String, source: Source) {
        seenNames.append(name)
        seenSources.append(source)
        if seenIndex != nil {
            seenIndex?[name] = seenNames.count - 1
        } else if seenNames.count >= 16 {
            var index: [String: Int] = [:]
            for (offset, seen) in seenNames.enumerated() { index[seen] = offset }
            seenIndex = index
        }
    }
}
