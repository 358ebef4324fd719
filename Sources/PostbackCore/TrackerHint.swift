/// What rule 3's advice may say about one tracker that sends postbacks: how the receiver
/// recognises it and the macro it fills with the click id ClickWall passed. The receiver knows
/// no tracker of its own; the top level gives it these (the `Trackers` catalogue's
/// `TrackerProfile.receiverHints`) through ``PostbackRules/trackerHints``.
public struct TrackerHint: Sendable, Hashable {
    /// The tracker's name as people write it (`Prosper202`).
    public var displayName: String
    /// Text that the tracker's `User-Agent` header contains (compared regardless of case), if it
    /// sends a recognisable one: its product token, `Postback202-Bot`.
    public var userAgent: String?
    /// The macro syntaxes the tracker fills; one that no other tracker of the table uses
    /// recognises it.
    public var syntaxes: Set<MacroSyntax>
    /// The tracker's click-id macro as its documentation writes it (`[[c1]]`).
    public var clickIDMacro: String
    /// The tracking-link parameter the tracker takes ClickWall's click id from (`c1`).
    public var clickParameter: String
    /// Whether the tracker sends an empty value for a macro it has no value for: then its own
    /// click-id macro arriving as written means the URL never went through its replacement.
    public var sendsEmptyWhenMissing: Bool

    public init(
        displayName: String, userAgent: String? = nil, syntaxes: Set<MacroSyntax>, clickIDMacro: String,
        clickParameter: String, sendsEmptyWhenMissing: Bool = false
    ) {
        self.displayName = displayName
        self.userAgent = userAgent
        self.syntaxes = syntaxes
        self.clickIDMacro = clickIDMacro
        self.clickParameter = clickParameter
        self.sendsEmptyWhenMissing = sendsEmptyWhenMissing
    }
}

extension [TrackerHint] {
    /// The tracker that sent a postback with `userAgent` and the unsubstituted `macro`: the one
    /// whose User-Agent text the header contains (regardless of case), else the one tracker whose syntaxes alone
    /// include the macro's; `nil` when neither tells one tracker apart (a `{x}` macro many use).
    public func sender(userAgent: String?, macro: DetectedMacro) -> TrackerHint? {
        let header = userAgent?.lowercased() ?? ""
        if !header.isEmpty,
            let hint = first(where: { $0.userAgent.map { !$0.isEmpty && header.contains($0.lowercased()) } ?? false })
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
