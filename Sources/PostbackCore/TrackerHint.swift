/// What rule 3's advice may say about one tracker that sends postbacks: how the receiver
/// recognises it and the macro it fills with the click id ClickWall passed. The receiver knows
/// no tracker of its own; the top level gives it these (the `Trackers` catalogue's
/// `TrackerProfile.receiverHints`) through ``PostbackRules/trackerHints``.
public struct TrackerHint: Sendable, Hashable {
    /// The tracker's name as people write it (`Prosper202`).
    public var displayName: String
    /// Text the tracker's `User-Agent` header contains, if it sends a recognisable one.
    public var userAgent: String?
    /// The macro syntaxes the tracker fills; one that no other tracker of the table uses
    /// recognises it.
    public var syntaxes: Set<MacroSyntax>
    /// The tracker's click-id macro as its documentation writes it (`[[c1]]`).
    public var clickIDMacro: String
    /// The tracking-link parameter the tracker takes ClickWall's click id from (`c1`).
    public var clickParameter: String

    public init(
        displayName: String, userAgent: String? = nil, syntaxes: Set<MacroSyntax>, clickIDMacro: String,
        clickParameter: String
    ) {
        self.displayName = displayName
        self.userAgent = userAgent
        self.syntaxes = syntaxes
        self.clickIDMacro = clickIDMacro
        self.clickParameter = clickParameter
    }
}

extension [TrackerHint] {
    /// The tracker that sent a postback with `userAgent` and the unsubstituted `macro`: the one
    /// whose User-Agent text the header contains, else the one tracker whose syntaxes alone
    /// include the macro's; `nil` when neither tells one tracker apart (a `{x}` macro many use).
    public func sender(userAgent: String?, macro: DetectedMacro) -> TrackerHint? {
        if let userAgent, !userAgent.isEmpty,
            let hint = first(where: { $0.userAgent.map { !$0.isEmpty && userAgent.contains($0) } ?? false })
        {
            return hint
        }
        let candidates = filter { $0.syntaxes.contains(macro.syntax) }
        guard let hint = candidates.first, candidates.allSatisfy({ $0.displayName == hint.displayName }) else {
            return nil
        }
        return hint
    }
}
