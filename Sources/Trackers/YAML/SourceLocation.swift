/// A position in a file the harness reads: a scenario or a tracker profile.
///
/// Lines and columns count from 1 (columns in Unicode scalars, as libYAML counts them).
/// A location with line 0 names the whole file (e.g. the file could not be read).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it (relative paths stay relative).
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, or `file` alone for a whole-file location.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }
}
