/// How a tracker takes ClickWall's click id from the tracking link the click redirected to.
public struct ClickCapture: Sendable, Hashable {
    /// The query parameter that carries the click id (exact, case-sensitive name).
    public var parameter: String

    public init(parameter: String) {
        self.parameter = parameter
    }

    /// The click id in `url`'s query (the redirect's `Location`), percent-decoded; `nil` when
    /// the parameter is absent or empty: the tracking link did not pass the click id, and the
    /// tracker never has it. The first occurrence wins; a value that is not valid
    /// percent-encoding is taken as written. `+` is kept (click ids are opaque).
    public func clickID(fromTrackingURL url: String) -> String? {
        guard let query = Self.query(of: url) else { return nil }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawName = parts[0]
            let name = PercentEncoding.decode(rawName) ?? String(rawName)
            guard name == parameter else { continue }
            let rawValue = parts.count > 1 ? parts[1] : ""
            let value = PercentEncoding.decode(rawValue) ?? String(rawValue)
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The part between the first `?` and the fragment's `#` (if any).
    static func query(of url: String) -> Substring? {
        let beforeFragment = url.firstIndex(of: "#").map { url[..<$0] } ?? url[...]
        guard let questionMark = beforeFragment.firstIndex(of: "?") else { return nil }
        return beforeFragment[beforeFragment.index(after: questionMark)...]
    }
}
