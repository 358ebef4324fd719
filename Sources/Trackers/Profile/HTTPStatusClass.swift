/// A class of HTTP answers, as a tracker's success rule names it. Raw values are the names in
/// profile files.
public enum HTTPStatusClass: String, Sendable, Hashable, CaseIterable, Comparable {
    case success = "2xx"
    case redirection = "3xx"
    case clientError = "4xx"
    case serverError = "5xx"

    /// The class of `status`, if it is 200–599.
    public init?(status: Int) {
        switch status {
        case 200...299: self = .success
        case 300...399: self = .redirection
        case 400...499: self = .clientError
        case 500...599: self = .serverError
        default: return nil
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
