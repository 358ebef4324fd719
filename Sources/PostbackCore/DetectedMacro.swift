/// A macro found in a value by ``MacroDetector``: a placeholder the tracker left unfilled.
public struct DetectedMacro: Sendable, Hashable {
    /// The macro exactly as it appears in the value, e.g. `{click_id}` or `%7Bclick_id%7D`.
    public var text: String
    /// The placeholder's name inside the delimiters, e.g. `click_id` (for `${(name)!}`: `name`).
    public var name: String
    /// The syntax it is written in.
    public var syntax: MacroSyntax
    /// Whether its delimiters are still percent-encoded (`%7B`, `%5B`, `%25`…) after one decoding.
    public var isPercentEncoded: Bool
    /// What follows the name after `:` in `{name:argument}` (`{date:Y-m-d}`), or `nil`.
    public var argument: String?
    /// Where the macro sits in the value it was found in.
    public var range: Range<String.Index>

    public init(
        text: String, name: String, syntax: MacroSyntax, isPercentEncoded: Bool = false,
        argument: String? = nil, range: Range<String.Index>
    ) {
        self.argument = argument
        self.text = text
        self.name = name
        self.syntax = syntax
        self.isPercentEncoded = isPercentEncoded
        self.range = range
    }
}
