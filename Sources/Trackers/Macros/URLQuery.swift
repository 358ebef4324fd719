import PostbackCore

/// Reads and edits the query of a URL or template as text, byte for byte: nothing is decoded,
/// re-encoded or reordered except what an edit names. The query is ``PostbackURL/query``: after
/// the first `?`, up to a `#` that is not part of a macro (`#s2#` stays in it).
public enum URLQuery {
    /// The query's `name=value` pairs in order, both raw (a pair without `=` has an empty value).
    public static func pairs(of url: String) -> [(name: String, value: String)] {
        PostbackURL(url).queryPieces.map { ($0.name, $0.value ?? "") }
    }

    /// The raw value of the first pair named `name`, if any.
    public static func value(of name: String, in url: String) -> String? {
        pairs(of: url).first { $0.name == name }?.value
    }

    /// `url` with every pair named `name` rewritten by `edit` (given the raw value; returning
    /// `nil` removes the pair); `rename` gives the pair a new name.
    public static func editing(
        _ url: String, parameter name: String, rename: String? = nil, value edit: (String) -> String? = { $0 }
    ) -> String {
        let parsed = PostbackURL(url)
        guard let query = parsed.query else { return url }
        var pieces: [String] = []
        for piece in query.split(separator: "&", omittingEmptySubsequences: false) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard String(parts[0]) == name else {
                pieces.append(String(piece))
                continue
            }
            let value = parts.count > 1 ? String(parts[1]) : ""
            guard let newValue = edit(value) else { continue }
            pieces.append((rename ?? name) + "=" + newValue)
        }
        return parsed.replacingQuery(pieces.joined(separator: "&"))
    }

    /// `url` with `pair` (`name=value`, raw) appended to its query.
    public static func appending(_ pair: String, to url: String) -> String {
        let parsed = PostbackURL(url)
        guard let query = parsed.query, !query.isEmpty else { return parsed.replacingQuery(pair) }
        return parsed.replacingQuery(query + "&" + pair)
    }

    /// `url` with every `&` of its query replaced by `replacement` (`&amp;` pasted from HTML).
    public static func replacingSeparators(in url: String, with replacement: String) -> String {
        let parsed = PostbackURL(url)
        guard let query = parsed.query else { return url }
        return parsed.replacingQuery(query.replacing("&", with: replacement))
    }
}
