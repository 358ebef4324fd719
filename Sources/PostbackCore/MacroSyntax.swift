/// The macro syntaxes trackers write placeholders in (DESIGN §3 rule 3, trackers.md).
///
/// A macro the tracker does not know is sent literally; rule 3 recognises each of these.
/// Raw values are stable names, usable in tracker profile files.
public enum MacroSyntax: String, Sendable, Hashable, CaseIterable, Codable {
    /// Every syntax, as a set (built once).
    public static let everySyntax = Set(allCases)

    /// `{x}` — AppsFlyer, Adjust, Voluum, Keitaro, Binom, Everflow, ClickWall's own `{click_id}`.
    case braces
    /// `{{x}}` — Singular static values, template engines.
    case doubleBraces = "double_braces"
    /// `%7Bx%7D` — a `{x}` still percent-encoded after one decoding (double encoding, Adjust).
    case encodedBraces = "encoded_braces"
    /// `(x)` — AppsFlyer device macros such as `(idfa)`, `(app-id)`.
    case parentheses
    /// `[x]` — RedTrack networks, `[ORDER_ID]`.
    case brackets
    /// `[[x]]`.
    case doubleBrackets = "double_brackets"
    /// `#x#` — CAKE (`#s2#`, `#price#`), RedTrack networks.
    case hashes
    /// `%x%` — `%TRANSACTION_ID%`.
    case percents
    /// `%%X%%` — MyTracker.
    case doublePercents = "double_percents"
    /// `${x}` — Branch's FreeMarker `${(name)!}`.
    case dollarBraces = "dollar_braces"
    /// `__X__` — `__CLICKID__`.
    case doubleUnderscores = "double_underscores"

    /// The syntax written around a placeholder name `x`, e.g. `{x}` or `%%X%%`.
    public var example: String { render(self == .doublePercents || self == .doubleUnderscores ? "X" : "x") }

    /// A macro named `name` in this syntax, e.g. `.parentheses.render("idfa")` is `(idfa)`.
    public func render(_ name: String) -> String {
        switch self {
        case .braces: "{\(name)}"
        case .doubleBraces: "{{\(name)}}"
        case .encodedBraces: "%7B\(name)%7D"
        case .parentheses: "(\(name))"
        case .brackets: "[\(name)]"
        case .doubleBrackets: "[[\(name)]]"
        case .hashes: "#\(name)#"
        case .percents: "%\(name)%"
        case .doublePercents: "%%\(name)%%"
        case .dollarBraces: "${\(name)}"
        case .doubleUnderscores: "__\(name)__"
        }
    }
}
