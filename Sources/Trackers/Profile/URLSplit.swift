/// How a tracker splits one configured postback (or pixel) field into several URLs. Empty pieces
/// are dropped; each other piece is filled and sent on its own, so a stray space inside a URL
/// sends two requests instead of one broken one.
public enum URLSplit: String, Sendable, Hashable, CaseIterable {
    /// The field is one URL.
    case none
    /// Split at every space (Prosper202's pixel field: `explode(' ', …)`).
    case spaces
    /// Split at every line break.
    case lines
    /// Split at every space, tab or line break.
    case whitespace

    /// What the field is split at, for messages: `spaces`, `line breaks`.
    public var separatorName: String {
        switch self {
        case .none: "nothing"
        case .spaces: "spaces"
        case .lines: "line breaks"
        case .whitespace: "spaces and line breaks"
        }
    }

    /// The URLs of `field`, in order.
    public func urls(in field: String) -> [String] {
        guard self != .none else { return [field] }
        return field.split(whereSeparator: isSeparator).map(String.init)
    }

    /// The non-empty pieces of `field` with where each ends: the character offset just past it,
    /// which is the offset of the separator that follows it.
    func pieces(in field: String) -> [(text: String, end: Int)] {
        guard self != .none else { return [(field, field.count)] }
        var pieces: [(text: String, end: Int)] = []
        var current = ""
        for (offset, character) in field.enumerated() {
            if isSeparator(character) {
                if !current.isEmpty { pieces.append((current, offset)) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { pieces.append((current, field.count)) }
        return pieces
    }

    private func isSeparator(_ character: Character) -> Bool {
        switch self {
        case .none: false
        case .spaces: character == " "
        case .lines: character.isNewline
        case .whitespace: character == " " || character == "\t" || character.isNewline
        }
    }
}
