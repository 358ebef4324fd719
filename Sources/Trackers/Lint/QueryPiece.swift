import PostbackCore

/// One `name=value` piece of a template's query, raw and decoded once, as the lint reads it.
struct QueryPiece {
    var rawName: String
    /// `nil` when the piece has no `=`.
    var rawValue: String?
    /// Percent-decoded once (as written when it does not decode).
    var name: String
    var value: String

    /// The non-empty pieces of `url`'s query, in order.
    static func pieces(of url: PostbackURL) -> [QueryPiece] {
        url.queryPieces.map { piece in
            QueryPiece(
                rawName: piece.name, rawValue: piece.value, name: PercentEncoding.decode(piece.name) ?? piece.name,
                value: piece.value.map { PercentEncoding.decode($0) ?? $0 } ?? "")
        }
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
