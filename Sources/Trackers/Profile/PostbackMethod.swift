/// The HTTP method a tracker sends postbacks with. With `post`, the template's query becomes
/// a form body (`application/x-www-form-urlencoded`) sent to the template's path.
public enum PostbackMethod: String, Sendable, Hashable, CaseIterable, Codable {
    case get = "GET"
    case post = "POST"
}
