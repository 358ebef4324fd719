import PostbackCore

/// One macro found in a template: its name, its syntax and its exact text (`{clickid}`).
public struct MacroToken: Sendable, Hashable {
    public var name: String
    public var syntax: MacroSyntax
    /// The macro as written in the template, delimiters included.
    public var text: String
    /// What follows the name after a `:` inside `{…}` (Keitaro's `{status:lead=pending sale=approved}`,
    /// `{date:Y-m-d}`), or `nil`.
    public var argument: String?

    public init(name: String, syntax: MacroSyntax, text: String, argument: String? = nil) {
        self.name = name
        self.syntax = syntax
        self.text = text
        self.argument = argument
    }

    /// The inline value mapping of the argument, `word=value` pairs separated by spaces
    /// (Keitaro's `{status:lead=pending sale=approved rejected=declined}`): the tracker's word → what
    /// is sent. Empty when the argument holds no `=`.
    public var valueMapping: [String: String] {
        guard let argument, argument.contains("=") else { return [:] }
        var mapping: [String: String] = [:]
        for pair in argument.split(whereSeparator: { $0 == " " || $0 == "," }) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else { continue }
            mapping[String(parts[0])] = String(parts[1])
        }
        return mapping
    }
}
