import Curl

/// A request as the test server's HTTP parser received it.
struct ReceivedRequest: Sendable {
    var method: String
    /// The request target exactly as it came in the request line.
    var uri: String
    var headers: [HTTPHeader]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
