import Foundation
import Yams

/// Reads one YAML file into a node tree and collects positioned errors while its caller walks it.
///
/// Decoding is done by hand over `Yams.compose(yaml:)` nodes, which carry a `Mark`, so that
/// every error (syntax, unknown key, wrong type, missing key, bad value) names file, line and
/// column. The walk goes on after an error so that one pass reports them all.
package final class YAMLReader {
    /// The file as the user named it, used in messages.
    package let file: String
    package let text: String
    private let lines: [String]
    package private(set) var errors: [ScenarioFileError] = []

    package init(file: String, text: String) {
        self.file = file
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
    }

    /// Reads `url` as UTF-8; records an error and returns `nil` when it cannot.
    package static func read(_ url: URL, displayPath: String) -> Result<YAMLReader, ScenarioFileError> {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "the file does not exist or cannot be read"
            return .failure(
                ScenarioFileError(file: displayPath, line: 0, column: 0, message: "cannot read file: \(reason)"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(
                ScenarioFileError(
                    file: displayPath, line: 0, column: 0, message: "not YAML: the file is not valid UTF-8"))
        }
        return .success(YAMLReader(file: displayPath, text: text))
    }

    /// Whether any error was recorded so far.
    package var hasErrors: Bool { !errors.isEmpty }

    /// The root node; `nil` (with the error recorded) when the text is not YAML or is empty.
    package func root() -> Node? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            record(error)
            return nil
        } catch {
            self.error("not YAML: \(error)", line: 1, column: 1)
            return nil
        }
        guard let node, !isNull(node) else {
            self.error("the file is empty: expected a mapping of keys", line: 1, column: 1)
            return nil
        }
        return node
    }

    /// Records an error at `mark` (the first position of the file when unknown).
    package func error(_ message: String, at mark: Mark?) {
        error(message, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// Records an error at a line and column.
    package func error(_ message: String, line: Int, column: Int) {
        let sourceLine = lines.indices.contains(line - 1) ? lines[line - 1] : nil
        errors.append(
            ScenarioFileError(file: file, line: line, column: column, message: message, sourceLine: sourceLine))
    }

    /// The location of `mark` in this file.
    package func location(_ mark: Mark?) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// Errors recorded so far, sorted by position (stable for equal positions).
    package var sortedErrors: [ScenarioFileError] {
        errors.enumerated().sorted { lhs, rhs in
            (lhs.element.line, lhs.element.column, lhs.offset) < (rhs.element.line, rhs.element.column, rhs.offset)
        }.map(\.element)
    }

    private func record(_ error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "not YAML: \(problem)"
            if let context {
                message += " (\(context.text) at \(context.mark.line):\(context.mark.column))"
            }
            self.error(message, at: mark)
        case .reader(let problem, let offset, _, _):
            let (line, column) = offset.map(position(ofCharacterOffset:)) ?? (1, 1)
            self.error("not YAML: \(problem)", line: line, column: column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            self.error("duplicate key \(keys): each key may appear once in a mapping", at: context.mark)
        default:
            self.error("not YAML: \(error)", line: 1, column: 1)
        }
    }

    private func position(ofCharacterOffset offset: Int) -> (Int, Int) {
        var line = 1
        var column = 1
        for (index, character) in text.enumerated() {
            if index == offset { break }
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
