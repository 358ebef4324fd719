/// Reads and edits the query of a URL or template as text, byte for byte: nothing is decoded,
/// re-encoded or reordered except what an edit names. The query is everything after the first
/// `?`: a `#` is kept as text, since templates use it for macros (`#s2#`).
public enum URLQuery {
    /// The query's `name=value` pairs in order, both raw (a pair without `=` has an empty value).
    public static func pairs(of url: String) -> [(name: String, value: String)] {
        guard let query = split(url).query else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
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
        let (base, query) = split(url)
        guard let query else { return url }
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
        return base + "?" + pieces.joined(separator: "&")
    }

    /// `url` with `pair` (`name=value`, raw) appended to its query.
    public static func appending(_ pair: String, to url: String) -> String {
        let (base, query) = split(url)
        guard let query, !query.isEmpty else { return base + "?" + pair }
        return base + "?" + query + "&" + pair
    }

    /// `url` with every `&` of its query replaced by `replacement` (`&amp;` pasted from HTML).
    public static func replacingSeparators(in url: String, with replacement: String) -> String {
        let (base, query) = split(url)
        guard let query else { return url }
        return base + "?" + query.replacing("&", with: replacement)
    }

    /// The part before the first `?`, and the rest (`nil` when there is no `?`).
    static func split(_ url: String) -> (base: String, query: String?) {
        guard let question = url.firstIndex(of: "?") else { return (url, nil) }
        return (String(url[..<question]), String(url[url.index(after: question)...]))
    }
}
