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
        let isSeparator: (Character) -> Bool =
            switch self {
            case .none: { _ in false }
            case .spaces: { $0 == " " }
            case .lines: { $0.isNewline }
            case .whitespace: { $0 == " " || $0 == "\t" || $0.isNewline }
            }
        guard self != .none else { return [field] }
        return field.split(whereSeparator: isSeparator).map(String.init)
    }
}
