import PostbackCore

/// One macro found in a template: its name, its syntax and its exact text (`{clickid}`).
public struct MacroToken: Sendable, Hashable {
    public var name: String
    public var syntax: MacroSyntax
    /// The macro as written in the template, delimiters included.
    public var text: String

    public init(name: String, syntax: MacroSyntax, text: String) {
        self.name = name
        self.syntax = syntax
        self.text = text
    }
}
