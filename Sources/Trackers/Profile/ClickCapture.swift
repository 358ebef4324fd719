import PostbackCore

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
        for piece in PostbackURL(url).queryPieces {
            guard (PercentEncoding.decode(piece.name) ?? piece.name) == parameter else { continue }
            let rawValue = piece.value ?? ""
            let value = PercentEncoding.decode(rawValue) ?? rawValue
            return value.isEmpty ? nil : value
        }
        return nil
    }
}
