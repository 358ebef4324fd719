extension StringProtocol {
    /// The text with every control character (CR and LF included) written as an escape such as
    /// `\r`, `\n` or `\u{1B}`, so that request data put in a log line cannot start a forged line.
    var logSafe: String {
        var safe = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\r": safe += "\\r"
            case "\n": safe += "\\n"
            case "\t": safe += "\\t"
            case "\\": safe += "\\\\"
            default:
                if scalar.properties.generalCategory == .control {
                    safe += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    safe.unicodeScalars.append(scalar)
                }
            }
        }
        return safe
    }
}
