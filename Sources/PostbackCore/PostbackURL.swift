/// A URL or a postback template taken apart as written: scheme, host, port, path, the raw query
/// pieces and the fragment. Nothing is decoded; the parts joined back give the text byte for byte.
///
/// Macro-tolerant: a `#` inside a macro (`#s2#`, `%23x%23`) does not start the fragment, and a
/// host or port may itself be a macro. An IPv6 host keeps its brackets (`[::1]`); ``hostName``
/// drops them. Without `scheme://`, a text that does not start with `/` begins with its
/// authority (`clickwall.net/postback?…`); one that does is a request target (`/path?query`).
/// The one URL splitter of the project: rule checks, the lint, template filling, `send`,
/// routing and log parsing all read URLs through it.
public struct PostbackURL: Sendable, Hashable {
    /// One `name=value` piece of the query, raw.
    public struct QueryPiece: Sendable, Hashable {
        public var name: String
        /// `nil` when the piece has no `=`.
        public var value: String?

        public init(name: String, value: String?) {
            self.name = name
            self.value = value
        }

        /// The piece as written: `name=value` or `name`.
        public var text: String { value.map { name + "=" + $0 } ?? name }
    }

    /// The text it was made from.
    public let text: String
    /// The scheme as written (`HTTPS`); `nil` without `scheme://`.
    public let writtenScheme: String?
    /// What stands between `scheme://` and the host (`user:pass@`), `@` included; empty when none.
    public let userInfo: String
    /// The host as written, IPv6 brackets kept; `nil` without an authority or when it is empty.
    public let host: String?
    /// The port as written after the host's `:`; `nil` when none is written.
    public let port: String?
    /// From the first `/` after the authority up to the query; may be empty.
    public let path: String
    /// After the first `?`, up to the fragment; `nil` without `?`.
    public let query: String?
    /// After the first `#` that is not part of a macro; `nil` without one.
    public let fragment: String?

    public init(_ text: String) {
        self.text = text
        // Split at ASCII delimiters on the UTF-8 bytes: every part is the text's bytes between two
        // of them, whatever Characters they would join.
        let bytes = text.utf8
        var end = bytes.endIndex
        var fragment: String?
        if let hash = Self.fragmentStart(in: text) {
            fragment = Self.string(bytes[bytes.index(after: hash)...])
            end = hash
        }
        self.fragment = fragment
        var rest = bytes[..<end]
        var scheme: String?
        if let separator = Self.schemeSeparator(in: rest) {
            scheme = Self.string(rest[..<separator])
            rest = rest[bytes.index(separator, offsetBy: 3)...]
        }
        writtenScheme = scheme
        var userInfo = ""
        var host: String?
        var port: String?
        if scheme != nil || rest.first != UInt8(ascii: "/") {
            let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? rest.endIndex
            var hostPort = rest[..<authorityEnd]
            rest = rest[authorityEnd...]
            if let at = hostPort.lastIndex(of: UInt8(ascii: "@")) {
                userInfo = Self.string(hostPort[...at])
                hostPort = hostPort[bytes.index(after: at)...]
            }
            if hostPort.first == UInt8(ascii: "["), let close = hostPort.firstIndex(of: UInt8(ascii: "]")) {
                let afterHost = hostPort[bytes.index(after: close)...]
                host = Self.string(hostPort[...close])
                if afterHost.first == UInt8(ascii: ":") { port = Self.string(afterHost.dropFirst()) }
            } else if let colon = hostPort.lastIndex(of: UInt8(ascii: ":")) {
                host = Self.string(hostPort[..<colon])
                port = Self.string(hostPort[bytes.index(after: colon)...])
            } else {
                host = Self.string(hostPort)
            }
            if host?.isEmpty == true { host = nil }
        }
        self.userInfo = userInfo
        self.host = host
        self.port = port
        let pathEnd = rest.firstIndex(of: UInt8(ascii: "?")) ?? rest.endIndex
        path = Self.string(rest[..<pathEnd])
        query = pathEnd == rest.endIndex ? nil : Self.string(rest[bytes.index(after: pathEnd)...])
    }

    /// The scheme, lower-cased.
    public var scheme: String? { writtenScheme?.lowercased() }

    /// The host without IPv6 brackets, lower-cased (`::1`, `clickwall.net`).
    public var hostName: String? {
        guard let host else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { return String(host.dropFirst().dropLast()).lowercased() }
        return host.lowercased()
    }

    /// The written port as a number in 1…65535; `nil` when none is written or it is not one.
    public var portNumber: Int? {
        guard let port, port.allSatisfy(\.isASCII), let number = Int(port), (1...65535).contains(number) else {
            return nil
        }
        return number
    }

    /// The port a client connects to: the written one, else 80 for http and 443 for https;
    /// `nil` when the written port is not a number or the scheme has no default.
    public var effectivePort: Int? {
        if port != nil { return portNumber }
        switch scheme {
        case "http": return 80
        case "https": return 443
        default: return nil
        }
    }

    /// Whether the host is an IPv4 address (four dotted numbers) or an IPv6 address.
    public var hasIPAddressHost: Bool {
        guard let hostName else { return false }
        if hostName.contains(":") { return true }
        let parts = hostName.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isNumber) }
    }

    /// The query's pieces in order, split at every `&`; empty pieces are left out.
    public var queryPieces: [QueryPiece] {
        guard let query else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { piece in
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return QueryPiece(name: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : nil)
        }
    }

    /// Everything before the query (`scheme://host:port/path`).
    public var base: String {
        var base = writtenScheme.map { $0 + "://" } ?? ""
        if host != nil || port != nil || !userInfo.isEmpty { base += userInfo + (host ?? "") }
        if let port { base += ":" + port }
        return base + path
    }

    /// The request line's target: the path (`/` when empty) and the query, without the fragment.
    public var target: String {
        (path.isEmpty ? "/" : path) + (query.map { "?" + $0 } ?? "")
    }

    /// The text with the query replaced by `query` (removed when `nil`); the fragment is kept.
    public func replacingQuery(_ query: String?) -> String {
        base + (query.map { "?" + $0 } ?? "") + (fragment.map { "#" + $0 } ?? "")
    }

    private static func string(_ bytes: Substring.UTF8View) -> String {
        String(Substring(bytes))
    }

    /// Where `://` starts, when everything before it is a scheme's characters (ASCII letters,
    /// digits, `+`, `-`, `.`).
    private static func schemeSeparator(in bytes: Substring.UTF8View) -> String.Index? {
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") {
                return bytes[index...].starts(with: "://".utf8) ? index : nil
            }
            let isSchemeByte =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            guard isSchemeByte else { return nil }
            index = bytes.index(after: index)
        }
        return nil
    }

    /// The first `#` of `text` that is not inside a macro.
    private static func fragmentStart(in text: String) -> String.Index? {
        let bytes = text.utf8
        guard var hash = bytes.firstIndex(of: UInt8(ascii: "#")) else { return nil }
        let macros = MacroDetector.macros(in: text, syntaxes: [.hashes], encodedDelimiters: false)
        while true {
            guard let macro = macros.first(where: { $0.range.contains(hash) }) else { return hash }
            guard let next = bytes[macro.range.upperBound...].firstIndex(of: UInt8(ascii: "#")) else { return nil }
            hash = next
        }
    }
}
