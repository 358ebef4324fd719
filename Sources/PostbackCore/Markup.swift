import Foundation

/// Escaping for HTML and XML text: the one implementation behind the receiver's dashboard and
/// the scenario reports (HTML and JUnit XML). Every string that reaches a page or a report
/// (campaign ids, URLs the trackers sent, the receiver's answers) goes through here.
public enum Markup {
    /// `text` safe inside HTML or XML 1.0 element content and double- or single-quoted
    /// attributes: `& < > " '` become character references, and characters neither may carry
    /// (control characters other than tab, line feed and carriage return, C1 controls, U+FFFE
    /// and U+FFFF) become U+FFFD. Pure.
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFFFE
                    || scalar.value == 0xFFFF
                {
                    output += "\u{FFFD}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }

    /// ``escape(_:)`` for an attribute whose value must keep its line breaks and tabs
    /// (`&#10;`, `&#13;`, `&#9;`). Pure.
    public static func escapeAttribute(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\n", with: "&#10;").replacingOccurrences(of: "\r", with: "&#13;")
            .replacingOccurrences(of: "\t", with: "&#9;")
    }
}
