/// Escaping for the XML and HTML reports: every string that reaches a report (scenario names,
/// URLs the trackers sent, the receiver's answers) goes through here.
enum Markup {
    /// `text` safe inside XML 1.0 element content and double- or single-quoted attributes:
    /// `& < > " '` escaped, and characters XML 1.0 cannot carry at all (control characters
    /// other than tab, line feed and carriage return; lone surrogates; U+FFFE, U+FFFF) replaced
    /// by `\u{FFFD}` so that the file stays well-formed.
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    output += "\u{FFFD}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }

    /// `text` escaped for an attribute whose value must keep its line breaks (`&#10;`).
    static func escapeAttribute(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\n", with: "&#10;").replacingOccurrences(of: "\r", with: "&#13;")
            .replacingOccurrences(of: "\t", with: "&#9;")
    }
}
