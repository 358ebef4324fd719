import PostbackCore

/// How one tracker captures ClickWall's click id and sends postbacks: everything about it that
/// changes what the receiver sees.
///
/// Built-in profiles (``appsFlyer``, ``adjust``, ``voluum``) and custom ones loaded from YAML
/// (``TrackerProfileLoader``) are values of this one type.
public struct TrackerProfile: Sendable, Hashable {
    /// The profile's name (`appsflyer`, `keitaro`, …).
    public var name: String
    /// The macro syntaxes the tracker understands; several are allowed (AppsFlyer: `{x}`, `(x)`).
    public var macroSyntaxes: [MacroSyntax]
    /// Macro name (exact, case-sensitive) → where its value comes from.
    public var macros: [String: MacroValue]
    /// A prefix that asks for a macro's value without encoding (Keitaro `{_name}`), if any.
    public var rawMacroPrefix: String?
    /// What replaces a macro the tracker does not know.
    public var unknownMacro: MacroFallback
    /// What replaces a known macro that has no value for this conversion (no click id, no txid).
    public var missingValue: MacroFallback
    /// Whether values are percent-encoded when filled in.
    public var encodesValues: Bool
    /// How values are percent-encoded when ``encodesValues``: a space as `%20` or `+`, and the
    /// characters kept as they are.
    public var valueEncoding: ValueEncoding = .rfc3986
    /// Macro name → the value it sends when the conversion has none (`payout` → `0`), before
    /// ``missingValue`` applies.
    public var macroDefaults: [String: String] = [:]
    /// How payout and revenue values are written.
    public var moneyFormat: MoneyFormat = .asGiven
    /// ClickWall's statuses (`pending`, `approved`, `declined`) for which the tracker sends a
    /// postback; `nil` for every status. A conversion without a status counts as `approved`.
    public var firingStatuses: Set<String>?
    /// What the tracker's user does to have it send for another status, one sentence (BeMob: tick
    /// the status in the traffic source's settings).
    public var firingStatusesChange: String?
    /// ClickWall's statuses for which the tracker sends `0` in its ``MacroValue/payout`` macros
    /// whatever the payout (BeMob: new and declined conversions); a conversion without a status
    /// counts as `approved`.
    public var zeroPayoutStatuses: Set<String> = []
    /// How one configured postback field is split into several URLs, each sent on its own.
    public var urlSplit: URLSplit = .none
    /// The answers the tracker counts as a delivered postback (2xx by default).
    public var successClasses: Set<HTTPStatusClass> = [.success]
    /// What the tracker tells the network or its user after a send.
    public var upstreamReport: UpstreamReport = .delivery
    /// The tracking-link query parameter the tracker captures ClickWall's click id from.
    public var clickParameter: String
    /// Whether the tracker takes its postbacks from the click link itself (Adjust: the
    /// URL-encoded `install_callback=` / `event_callback_<token>=` parameters, with ClickWall's
    /// click id filled in at click time) instead of templates configured in the tracker.
    public var capturesCallbacks: Bool
    /// Whether the tracker refuses to send to a host that is an IP address (Adjust).
    public var refusesIPAddressHosts: Bool
    /// The macro advertisers put in place of the click id by mistake on this tracker (Voluum
    /// `{clickid}`); `nil` to use the first macro giving the tracker's own click id or a device id.
    public var commonWrongMacro: String?
    public var method: PostbackMethod
    public var timeouts: Timeouts
    public var retry: RetryPolicy
    /// The `User-Agent` header, or `nil` for none.
    public var userAgent: String?
    /// Whether the tracker follows redirects from the postback URL.
    public var followsRedirects: Bool
    /// Whether a conversion repeating an earlier transaction (same click, event and txid) is
    /// sent again; Voluum drops it.
    public var firesOnRepeatedTransaction: Bool
    /// The share of conversions sent, 0–100 ("postback %").
    public var postbackPercent: Int
    /// Whether macro names match regardless of case (Prosper202 fills `[[C2]]` as `[[c2]]`).
    public var caseInsensitiveMacros: Bool = false
    /// The tracker's name as people write it (`AppsFlyer`, `Keitaro`), if it differs from ``name``.
    public var displayName: String?
    /// The page documenting the tracker's postback macros: the source of every macro that
    /// ``macroSources`` does not name.
    public var source: String?
    /// Macro name → the page documenting it, where it is not ``source``.
    public var macroSources: [String: String]
    /// Macro name → the syntax the tracker's documentation writes it in (AppsFlyer `(app-id)`),
    /// where it is not the first of ``macroSyntaxes``. Suggestions use this form.
    public var macroForms: [String: MacroSyntax]
    /// Macro name → the words the tracker puts in it and how its user changes them (Keitaro's
    /// `{status}`, Adjust's `{event}`).
    public var vocabularies: [String: ValueVocabulary]
    /// Templates the profile itself configures; each conversion is sent to every one of them
    /// (two configured: a source-level and a campaign-level postback). A scenario's own
    /// `postback` replaces them.
    public var postbacks: [String]

    public init(
        name: String,
        macroSyntaxes: [MacroSyntax] = [.braces],
        macros: [String: MacroValue] = [:],
        rawMacroPrefix: String? = nil,
        unknownMacro: MacroFallback = .literal,
        missingValue: MacroFallback = .empty,
        encodesValues: Bool = true,
        clickParameter: String,
        capturesCallbacks: Bool = false,
        refusesIPAddressHosts: Bool = false,
        commonWrongMacro: String? = nil,
        method: PostbackMethod = .get,
        timeouts: Timeouts = Timeouts(),
        retry: RetryPolicy = .never,
        userAgent: String? = nil,
        followsRedirects: Bool = false,
        firesOnRepeatedTransaction: Bool = true,
        postbackPercent: Int = 100,
        postbacks: [String] = [],
        source: String? = nil,
        macroSources: [String: String] = [:],
        macroForms: [String: MacroSyntax] = [:],
        vocabularies: [String: ValueVocabulary] = [:],
        displayName: String? = nil
    ) {
        self.displayName = displayName
        self.source = source
        self.macroSources = macroSources
        self.macroForms = macroForms
        self.vocabularies = vocabularies
        self.name = name
        self.macroSyntaxes = macroSyntaxes
        self.macros = macros
        self.rawMacroPrefix = rawMacroPrefix
        self.unknownMacro = unknownMacro
        self.missingValue = missingValue
        self.encodesValues = encodesValues
        self.clickParameter = clickParameter
        self.capturesCallbacks = capturesCallbacks
        self.refusesIPAddressHosts = refusesIPAddressHosts
        self.commonWrongMacro = commonWrongMacro
        self.method = method
        self.timeouts = timeouts
        self.retry = retry
        self.userAgent = userAgent
        self.followsRedirects = followsRedirects
        self.firesOnRepeatedTransaction = firesOnRepeatedTransaction
        self.postbackPercent = postbackPercent
        self.postbacks = postbacks
    }

    /// Connect and total timeouts of one send.
    public struct Timeouts: Sendable, Hashable {
        public var connect: Duration
        public var total: Duration

        public init(connect: Duration = .seconds(5), total: Duration = .seconds(10)) {
            self.connect = connect
            self.total = total
        }
    }
}

extension TrackerProfile {
    /// The macro `name` as the profile lists it, and its source: an exact match, else one
    /// regardless of case when ``caseInsensitiveMacros``.
    public func macro(named name: String) -> (name: String, value: MacroValue)? {
        if let value = macros[name] { return (name, value) }
        guard caseInsensitiveMacros else { return nil }
        let lowered = name.lowercased()
        return macros.first { $0.key.lowercased() == lowered }.map { ($0.key, $0.value) }
    }

    /// The page documenting macro `name`: its own source, else the profile's.
    public func source(ofMacro name: String) -> String? {
        macroSources[name] ?? source
    }

    /// Macro `name` as the tracker's documentation writes it: `(app-id)`, `{clickid}`.
    public func documentedForm(of name: String) -> String {
        (macroForms[name] ?? macroSyntaxes.first ?? .braces).render(name)
    }
}
