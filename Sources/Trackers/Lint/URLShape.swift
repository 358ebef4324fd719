import PostbackCore

/// A template taken apart as a URL: scheme, host, path, query and fragment. A `#` inside a
/// macro (`#s2#`) does not start the fragment.
struct URLShape {
    /// Lower-cased; `nil` when the template has no `scheme://`.
    var scheme: String?
    var host: String?
    /// The port written after the host (`:8443`), as written; `nil` when none is.
    var port: String?
    var path: String
    var query: String?
    var fragment: String?

    init(_ url: String) {
        var beforeFragment = ""
        var fragment: String?
        for segment in MacroTemplate(url, syntaxes: MacroSyntax.allCases).segments {
            let text: String
            switch segment {
            case .text(let plain): text = plain
            case .macro(let token): text = token.text
            }
            if fragment != nil {
                fragment? += text
            } else if case .text = segment, let hash = text.firstIndex(of: "#") {
                beforeFragment += text[..<hash]
                fragment = String(text[text.index(after: hash)...])
            } else {
                beforeFragment += text
            }
        }
        self.fragment = fragment
        var rest = Substring(beforeFragment)
        if let separator = rest.range(of: "://") {
            scheme = rest[..<separator.lowerBound].lowercased()
            rest = rest[separator.upperBound...]
        }
        if scheme != nil || !rest.hasPrefix("/") {
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            rest = rest.dropFirst(authority.count)
            var hostPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
            if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
                port = String(hostPort[hostPort.index(after: colon)...])
                hostPort = hostPort[..<colon]
            }
            host = hostPort.isEmpty ? nil : String(hostPort)
        }
        let path = rest.prefix { $0 != "?" }
        self.path = String(path)
        let afterPath = rest.dropFirst(path.count)
        query = afterPath.isEmpty ? nil : String(afterPath.dropFirst())
    }

    /// The name of the query parameter whose name or value holds `index`, if it is in the query.
    static func parameterName(at index: String.Index, in url: String) -> String? {
        guard let question = url.firstIndex(of: "?"), question < index else { return nil }
        let start = url[..<index].lastIndex { $0 == "&" || $0 == "?" }.map { url.index(after: $0) } ?? index
        let piece = url[start...].prefix { $0 != "&" }
        let name = piece.prefix { $0 != "=" }
        return name.isEmpty ? nil : String(name)
    }
}

/// One `name=value` piece of a template's query, raw and decoded.
struct QueryPiece {
    var rawName: String
    /// `nil` when the piece has no `=`.
    var rawValue: String?
    /// Percent-decoded once (as written when it does not decode).
    var name: String
    var value: String

    /// The non-empty pieces of `query`, in order.
    static func split(_ query: String) -> [QueryPiece] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { piece in
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawName = String(parts[0])
            let rawValue = parts.count > 1 ? String(parts[1]) : nil
            return QueryPiece(
                rawName: rawName, rawValue: rawValue, name: PercentEncoding.decode(rawName) ?? rawName,
                value: rawValue.map { PercentEncoding.decode($0) ?? $0 } ?? "")
        }
    }
}
