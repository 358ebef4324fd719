import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain TCP client to 127.0.0.1 for bytes no HTTP library would send (pipelined requests,
/// broken heads), with send and receive timeouts, so that a test sees exactly what the receiver
/// answered, or that it closed the connection. Blocking calls: run them off the cooperative
/// pool when the receiver runs in the same process and many run at once.
public enum RawHTTP {
    /// What became of one raw request.
    public enum Outcome: Equatable, Sendable, CustomStringConvertible {
        /// An HTTP answer with this status code (and its body, for checks).
        case answered(status: Int, body: String)
        /// The receiver closed (or reset) the connection without an answer.
        case closed
        /// No answer and no close within the timeout.
        case timedOut
        /// The connection could not be made.
        case refused(String)

        public var status: Int? {
            if case .answered(let status, _) = self { return status }
            return nil
        }

        public var description: String {
            switch self {
            case .answered(let status, let body): "HTTP \(status) \(body.prefix(120))"
            case .closed: "closed"
            case .timedOut: "timed out"
            case .refused(let why): "refused: \(why)"
            }
        }
    }

    /// Opens a connection to 127.0.0.1:`port` with send and receive timeouts of `timeout`, or
    /// says why not (errno's text). The caller closes the descriptor. `receiveBuffer` sets
    /// `SO_RCVBUF` before the connection is made (a small one keeps a client that does not read
    /// from taking much of an answer into its kernel). `source` is the client's own address, any
    /// of 127.0.0.0/8 (so that a test can be several peers).
    public static func connect(
        port: Int, timeout: TimeInterval, receiveBuffer: Int32? = nil, source: String? = nil
    ) -> Result<Int32, RefusedError> {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failure(RefusedError(String(cString: strerror(errno)))) }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else {
                let why = String(cString: strerror(errno))
                close(fd)
                return .failure(RefusedError("cannot bind to \(source): \(why)"))
            }
        }
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            return .failure(RefusedError(why))
        }
        return .success(fd)
    }

    /// ``connect(port:timeout:)`` that throws.
    ///
    /// - Throws: ``RefusedError`` naming the port and errno's text when no connection is made.
    public static func open(port: Int, timeout: TimeInterval, receiveBuffer: Int32? = nil) throws -> Int32 {
        try connect(port: port, timeout: timeout, receiveBuffer: receiveBuffer).mapError {
            RefusedError("cannot connect to 127.0.0.1:\(port): \($0.message)")
        }.get()
    }

    /// Why a connection could not be made.
    public struct RefusedError: Error, CustomStringConvertible {
        public let message: String
        init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// Writes all of `bytes`; false when the peer closed or the send timed out.
    @discardableResult
    public static func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Sends `bytes` on a new connection and reads the answer: the status line and, by
    /// Content-Length, the body; or the close. Waits at most `timeout` for each read.
    public static func exchange(port: Int, _ bytes: [UInt8], timeout: TimeInterval = 5, source: String? = nil)
        -> Outcome
    {
        let fd: Int32
        switch connect(port: port, timeout: timeout, source: source) {
        case .success(let socket): fd = socket
        case .failure(let error): return .refused(error.message)
        }
        defer { close(fd) }
        // A send that fails because the receiver already answered and closed is fine: read on.
        write(fd, bytes)
        return readAnswer(fd)
    }

    /// Reads one HTTP answer (head and Content-Length body) from `fd`.
    public static func readAnswer(_ fd: Int32) -> Outcome {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            if let outcome = parse(received) { return outcome }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
                if received.count > 4 * 1024 * 1024 { return .answered(status: -1, body: "answer over 4 MiB") }
                continue
            }
            if count == 0 || errno == ECONNRESET || errno == EPIPE {
                return parse(received, atEnd: true) ?? .closed
            }
            if errno == EAGAIN || errno == EWOULDBLOCK { return parse(received, atEnd: true) ?? .timedOut }
            if errno == EINTR { continue }
            return parse(received, atEnd: true) ?? .closed
        }
    }

    /// The answer in `bytes` once complete (or, `atEnd`, whatever head arrived).
    public static func parse(_ bytes: [UInt8], atEnd: Bool = false) -> Outcome? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headEnd = bytes.firstRange(of: separator) else { return nil }
        let head = String(decoding: bytes[..<headEnd.lowerBound], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            return .answered(status: -1, body: "not an HTTP answer: \(lines[0].prefix(80))")
        }
        var length = 0
        for line in lines.dropFirst() {
            let pair = line.split(separator: ":", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == "content-length" {
                length = Int(pair[1].trimmingCharacters(in: .whitespaces)) ?? 0
            }
        }
        let body = bytes[headEnd.upperBound...]
        guard body.count >= length || atEnd else { return nil }
        return .answered(status: status, body: String(decoding: body.prefix(length), as: UTF8.self))
    }

    /// A GET request line and headers as a client would write them.
    public static func get(_ target: String, headers: [String] = ["Host: 127.0.0.1"], close: Bool = true) -> [UInt8] {
        var text = "GET \(target) HTTP/1.1\r\n"
        for header in headers { text += header + "\r\n" }
        if close { text += "Connection: close\r\n" }
        return Array((text + "\r\n").utf8)
    }
}
