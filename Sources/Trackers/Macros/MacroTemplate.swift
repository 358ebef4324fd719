import PostbackCore

/// A postback template split into literal text and the macros a tracker recognises in it.
///
/// The grammar is ``MacroDetector``'s, the one rule 3 and the lint use, restricted to the given
/// syntaxes and to raw delimiters (a tracker does not fill `%5Bx%5D`; `%7Bx%7D` is a syntax of
/// its own). Anything that is not a complete macro in an accepted syntax is literal text, byte
/// for byte.
public struct MacroTemplate: Sendable, Equatable {
    /// A piece of the template.
    public enum Segment: Sendable, Equatable {
        case text(String)
        case macro(MacroToken)
    }

    public let template: String
    public let segments: [Segment]

    public init(_ template: String, syntaxes: some Sequence<MacroSyntax>) {
        self.template = template
        var segments: [Segment] = []
        var textStart = template.startIndex
        for macro in MacroDetector.macros(in: template, syntaxes: Set(syntaxes), encodedDelimiters: false) {
            if textStart < macro.range.lowerBound {
                segments.append(.text(String(template[textStart..<macro.range.lowerBound])))
            }
            segments.append(
                .macro(MacroToken(name: macro.name, syntax: macro.syntax, text: macro.text, argument: macro.argument)))
            textStart = macro.range.upperBound
        }
        if textStart < template.endIndex {
            segments.append(.text(String(template[textStart...])))
        }
        self.segments = segments
    }

    /// The macros of the template, in order.
    public var macros: [MacroToken] {
        segments.compactMap { segment in
            if case .macro(let token) = segment { return token }
            return nil
        }
    }

    /// The template with each macro replaced by `replacement(token)`.
    public func render(_ replacement: (MacroToken) -> String) -> String {
        var result = ""
        for segment in segments {
            switch segment {
            case .text(let text): result += text
            case .macro(let token): result += replacement(token)
            }
        }
        return result
    }
}
