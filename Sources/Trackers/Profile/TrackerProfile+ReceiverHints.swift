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
            displayName: displayName ?? name, userAgent: userAgent, syntaxes: Set(macroSyntaxes),
            clickIDMacro: documentedForm(of: macro), clickParameter: clickParameter)
    }

    /// The hints of every profile the binary carries, for the receivers the top level starts
    /// (``PostbackRules/trackerHints``): the receiver itself knows no tracker.
    public static var receiverHints: [TrackerHint] {
        knownNames.compactMap(known(named:)).compactMap(\.receiverHint)
    }
}
