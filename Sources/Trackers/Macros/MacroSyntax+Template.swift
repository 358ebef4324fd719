import PostbackCore

extension MacroSyntax {
    /// The delimiters a macro of this syntax is written with, the usual form first (`${(x)!}`
    /// before `${x}`; `%7Bx%7D` in either hex case). Matching is ``MacroDetector``'s.
    public var delimiters: [(opener: String, closer: String)] {
        switch self {
        case .braces: [("{", "}")]
        case .doubleBraces: [("{{", "}}")]
        case .encodedBraces: [("%7B", "%7D"), ("%7b", "%7d")]
        case .parentheses: [("(", ")")]
        case .brackets: [("[", "]")]
        case .doubleBrackets: [("[[", "]]")]
        case .hashes: [("#", "#")]
        case .percents: [("%", "%")]
        case .doublePercents: [("%%", "%%")]
        case .dollarBraces: [("${(", ")!}"), ("${", "}")]
        case .doubleUnderscores: [("__", "__")]
        }
    }

    /// The syntax named `text` in a profile file: its name (`double_percents`) or its form with
    /// any placeholder name (`%%X%%`, `{x}`, `${(x)!}`).
    public init?(profileName text: String) {
        if let syntax = MacroSyntax(rawValue: text) {
            self = syntax
            return
        }
        let template = MacroTemplate(text, syntaxes: MacroSyntax.allCases)
        guard template.segments.count == 1, let token = template.macros.first else { return nil }
        self = token.syntax
    }
}
