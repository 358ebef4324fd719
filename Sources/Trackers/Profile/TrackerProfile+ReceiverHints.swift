import PostbackCore

extension TrackerProfile {
    /// This tracker as rule 3's advice may name it: its User-Agent, its macro syntaxes, and its
    /// click-id macro in its documented form; `nil` for a tracker with no click-id macro (Adjust,
    /// whose callback carries ClickWall's own `{click_id}`).
    public var receiverHint: TrackerHint? {
        guard !capturesCallbacks, let macro = macros.filter({ $0.value == .clickID }).keys.sorted().first else {
            return nil
        }
        return TrackerHint(
            displayName: displayName ?? name, userAgent: userAgent.flatMap(Self.productToken(ofUserAgent:)),
            syntaxes: Set(macroSyntaxes), clickIDMacro: documentedForm(of: macro), clickParameter: clickParameter,
            sendsEmptyWhenMissing: missingValue == .empty)
    }

    /// The words of a User-Agent that name the sender, without `Mozilla/…`, comments in
    /// parentheses and versions: `Postback202-Bot` of `Mozilla/5.0 Postback202-Bot v1.8`; `nil`
    /// when nothing is left.
    static func productToken(ofUserAgent userAgent: String) -> String? {
        var depth = 0
        let words = userAgent.split(separator: " ").filter { word in
            let opens = word.filter { $0 == "(" }.count
            let closes = word.filter { $0 == ")" }.count
            defer { depth = max(0, depth + opens - closes) }
            if depth > 0 || opens > 0 { return false }
            if word.hasPrefix("Mozilla/") { return false }
            let version = word.drop { $0 == "v" || $0 == "V" }
            return version.isEmpty || !version.allSatisfy { $0.isNumber || $0 == "." }
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// The hints of every profile the binary carries, for the receivers the top level starts
    /// (``PostbackRules/trackerHints``): the receiver itself knows no tracker.
    public static var receiverHints: [TrackerHint] {
        knownNames.compactMap(known(named:)).compactMap(\.receiverHint)
    }
}
