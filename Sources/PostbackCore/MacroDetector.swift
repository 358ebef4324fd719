/// Finds tracker macros left unsubstituted in a value (DESIGN §3 rule 3).
///
/// A macro is a placeholder name — letters, digits, `_`, `-` and `.`, with at least one letter
/// and at most 64 bytes — between the delimiters of a ``MacroSyntax``, anywhere in the value:
/// `{transaction.id}`, `(app-id)`, `{dcp_sub}`, `%%CLICK_ID%%`, `${(click_id)!}`. Delimiters may
/// still be percent-encoded (`%7Bclick_id%7D`, `%5BCLICK_ID%5D`), which means the value was
/// encoded twice. Numbers in delimiters such as `(1)` or `[2]` are not macros, and a value with
/// no delimiter byte at all (a plain `[0-9a-z]` click id) is dismissed in one pass without
/// allocating.
public enum MacroDetector {
    /// The leftmost macro in `value`, or `nil` when it holds none.
    public static func firstMacro(in value: String) -> DetectedMacro? {
        let match = withBytes(of: value) { bytes in MacroScanner(bytes: bytes).firstMatch(from: 0) }
        return match.map { detected($0, in: value) }
    }

    /// Every macro in `value`, left to right, not overlapping.
    ///
    /// - Parameters:
    ///   - syntaxes: the syntaxes to recognise (a tracker's own when it fills a template); a
    ///     longer form not among them gives way to a shorter one (`{{x}}` holds `{x}`).
    ///   - encodedDelimiters: whether a macro with percent-encoded delimiters (`%5Bx%5D`) counts;
    ///     `%7Bx%7D` is a syntax of its own and counts whenever it is in `syntaxes`.
    public static func macros(
        in value: String, syntaxes: Set<MacroSyntax> = MacroSyntax.everySyntax, encodedDelimiters: Bool = true
    ) -> [DetectedMacro] {
        let matches = withBytes(of: value) { bytes in
            let scanner = MacroScanner(bytes: bytes, syntaxes: syntaxes, encodedDelimiters: encodedDelimiters)
            var found: [MacroScanner.Match] = []
            var position = 0
            while let match = scanner.firstMatch(from: position) {
                found.append(match)
                position = match.end
            }
            return found
        }
        return matches.map { detected($0, in: value) }
    }

    /// Whether `value` holds a macro in any syntax.
    public static func containsMacro(_ value: String) -> Bool {
        withBytes(of: value) { bytes in MacroScanner(bytes: bytes).firstMatch(from: 0) != nil }
    }

    private static func withBytes<R>(of value: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = value.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(value.utf8).withUnsafeBufferPointer(body)
    }

    private static func detected(_ match: MacroScanner.Match, in value: String) -> DetectedMacro {
        let utf8 = value.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: match.start)
        let end = utf8.index(start, offsetBy: match.end - match.start)
        let nameStart = utf8.index(utf8.startIndex, offsetBy: match.nameStart)
        let nameEnd = utf8.index(nameStart, offsetBy: match.nameEnd - match.nameStart)
        let argument = match.argument.map { range in
            let from = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            return String(value[from..<utf8.index(from, offsetBy: range.count)])
        }
        return DetectedMacro(
            text: String(value[start..<end]), name: String(value[nameStart..<nameEnd]), syntax: match.syntax,
            isPercentEncoded: match.isPercentEncoded, argument: argument, range: start..<end)
    }
}
