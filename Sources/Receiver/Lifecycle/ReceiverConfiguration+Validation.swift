import Foundation

extension ReceiverConfiguration {
    /// Checks what can be checked before binding: port ranges, the admin token, and that a
    /// non-loopback host has an admin token (DESIGN §4).
    func validate() throws(ReceiverError) {
        guard (0...65535).contains(port) else {
            throw .invalidConfiguration("port \(port) is out of range 0…65535")
        }
        guard (0...65535).contains(tlsPort) else {
            throw .invalidConfiguration("TLS port \(tlsPort) is out of range 0…65535")
        }
        if let adminToken, adminToken.isEmpty {
            throw .invalidConfiguration("the admin token is empty; give a non-empty --admin-token or none")
        }
        if let adminToken, !adminToken.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            throw .invalidConfiguration(
                "the admin token holds spaces, control or non-ASCII characters, which no client can send in "
                    + "'Authorization: Bearer <token>' (RFC 6750): use visible ASCII only, e.g. from `openssl rand -hex 32`"
            )
        }
        if adminToken == nil && !Self.isLoopback(host) {
            throw .insecureBind(
                "refusing to listen on \(host) without --admin-token: only loopback addresses "
                    + "(127.0.0.0/8, ::1, localhost) may serve the admin API without one")
        }
    }

    /// Whether `host` is a loopback address: any 127.0.0.0/8 address, `::1` (also as an
    /// IPv4-mapped `::ffff:127.x.y.z`), or `localhost`.
    static func isLoopback(_ host: String) -> Bool {
        var name = host
        if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
            let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]
            return Array(bytes[0..<12]) == mappedPrefix && bytes[12] == 127
        }
        return false
    }
}
