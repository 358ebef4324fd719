/// One error in a scenario or tracker profile file, at a precise position.
///
/// Its description is in compiler style, followed by the offending source line and a caret:
///
///     scenarios/x.yaml:12:5: error: unknown key 'expct' (expected one of: name, tags, …); did you mean 'expect'?
///         expct:
///         ^
public struct ScenarioFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// Line, from 1; 0 when the error concerns the whole file.
    public var line: Int
    /// Column, from 1 (Unicode scalars); 0 when the error concerns the whole file.
    public var column: Int
    /// What is wrong and, where possible, how to fix it.
    public var message: String
    /// The text of the line the error points at, when known.
    public var sourceLine: String?

    public init(file: String, line: Int, column: Int, message: String, sourceLine: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.sourceLine = sourceLine
    }

    /// Where the error is.
    public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// `file:line:column: error: message` without the source snippet.
    public var summary: String { "\(location): error: \(message)" }

    public var description: String {
        guard let sourceLine, line > 0 else { return summary }
        // Keep tabs before the caret so that it lines up under the column in a terminal.
        let prefix = sourceLine.unicodeScalars.prefix(max(0, column - 1))
        let padding = String(String.UnicodeScalarView(prefix.map { $0 == "\t" ? "\t" : " " }))
        return "\(summary)\n\(sourceLine)\n\(padding)^"
    }
}
