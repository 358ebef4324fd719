/// How a tracker percent-encodes the values it fills in: what a space becomes and which
/// characters it sends as they are besides RFC 3986's unreserved `A-Z a-z 0-9 - . _ ~`.
public struct ValueEncoding: Sendable, Hashable {
    /// What a space in a value becomes.
    public enum Space: String, Sendable, Hashable, CaseIterable {
        /// `%20`, as RFC 3986 (PHP's `rawurlencode`).
        case percent20 = "%20"
        /// `+`, as HTML forms (PHP's `urlencode`).
        case plus = "+"
    }

    public var space: Space
    /// ASCII punctuation sent as it is (Prosper202 keeps `@`).
    public var kept: Set<Character>

    public init(space: Space = .percent20, kept: Set<Character> = []) {
        self.space = space
        self.kept = kept
    }

    /// RFC 3986: a space is `%20`, only unreserved characters are kept.
    public static let rfc3986 = ValueEncoding()

    /// The characters a profile may keep: ASCII punctuation other than `%` (which would make the
    /// value ambiguous) and the unreserved ones (always kept).
    public static let keepable: Set<Character> = Set("!\"#$&'()*+,/:;<=>?@[\\]^`{|}")

    /// `value` encoded this way.
    public func encode(_ value: String) -> String {
        PercentEncoding.encode(
            value, spaceAsPlus: space == .plus, keeping: Set(kept.compactMap { $0.asciiValue }))
    }
}
