import NIOCore

/// Sits before the HTTP parser: percent-encodes bytes ≥ 0x80 in each request line, so that a
/// target with raw UTF-8 (`city=München` from a tracker that does not encode) reaches the rule
/// chain as production web servers pass it on, instead of being refused by the strict parser
/// with a bare 400 (DESIGN §3, rule 1: "UTF-8 after decoding"); invalid UTF-8 is then judged
/// by rule 1 like any other malformed request. It also keeps the raw start of the request line
/// being read, so that a request the parser refuses can still be logged.
///
/// It follows the connection's framing (request line, header fields, a `Content-Length` body);
/// at anything it cannot follow (a chunked body, an unreadable length) it stops rewriting for
/// the rest of the connection and passes bytes on untouched. Runs on the channel's event loop.
final class RequestLineGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Most bytes of a request line kept for the log.
    static let keptBytes = 2048

    /// The connection's framing as read so far; one value, so that a read scans its bytes
    /// with one access to the handler's state.
    private var framing = Framing()

    /// The raw start of the request line being read or last read (bytes as received, CR and
    /// LF left out).
    var requestLine: [UInt8] { framing.requestLine }

    /// Whether the oldest request not yet taken is HTTP/1.0; called once per decoded head.
    func takeIsHTTP10() -> Bool {
        framing.isHTTP10.isEmpty ? false : framing.isHTTP10.removeFirst()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .passThrough = framing.state {
            context.fireChannelRead(data)
            return
        }
        let input = unwrapInboundIn(data)
        // Positions of bytes to percent-encode; usually none, and the buffer goes on as it is.
        var encode: [Int] = []
        input.withUnsafeReadableBytes { bytes in
            framing.read(bytes.assumingMemoryBound(to: UInt8.self), encode: &encode)
        }
        guard !encode.isEmpty else {
            context.fireChannelRead(data)
            return
        }
        var output = context.channel.allocator.buffer(capacity: input.readableBytes + 2 * encode.count)
        var from = input.readerIndex
        for position in encode {
            let at = input.readerIndex + position
            if let run = input.getSlice(at: from, length: at - from) { output.writeImmutableBuffer(run) }
            let byte = input.getInteger(at: at, as: UInt8.self) ?? 0
            output.writeInteger(UInt8(ascii: "%"))
            output.writeInteger(Self.hex[Int(byte >> 4)])
            output.writeInteger(Self.hex[Int(byte & 0x0F)])
            from = at + 1
        }
        if let rest = input.getSlice(at: from, length: input.writerIndex - from) { output.writeImmutableBuffer(rest) }
        context.fireChannelRead(wrapInboundOut(output))
    }

    /// Where the connection's byte stream stands: request line, header fields, a
    /// `Content-Length` body, or past what it can follow.
    private struct Framing {
        enum State {
            case requestLine
            case headers
            case body(remaining: Int)
            case passThrough
        }

        var state = State.requestLine
        /// The current header line (its first bytes), for `Content-Length` and `Transfer-Encoding`.
        var headerLine: [UInt8] = []
        var contentLength = 0
        var requestLine: [UInt8] = []
        var requestLineDone = false
        /// For each request line read and not yet taken, in order, whether it ends in `HTTP/1.0`
        /// (the decoded request no longer says).
        var isHTTP10: [Bool] = []

        /// Follows `bytes`, appending to `encode` the offset of each byte ≥ 0x80 in a request line.
        mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, encode: inout [Int]) {
            var index = 0
            while index < bytes.count {
                switch state {
                case .passThrough:
                    return
                case .body(let remaining):
                    let take = min(remaining, bytes.count - index)
                    index += take
                    state = remaining - take > 0 ? .body(remaining: remaining - take) : .requestLine
                case .requestLine:
                    let byte = bytes[index]
                    if requestLineDone {
                        requestLine.removeAll(keepingCapacity: true)
                        requestLineDone = false
                    }
                    if byte >= 0x80 { encode.append(index) }
                    if byte == 10 {
                        // Empty lines before a request line are allowed (RFC 9112 §2.2).
                        if !requestLine.isEmpty {
                            requestLineDone = true
                            if isHTTP10.count < 4096 {
                                isHTTP10.append(requestLine.suffix(9).elementsEqual(RequestLineGuard.http10))
                            }
                            headerLine.removeAll(keepingCapacity: true)
                            contentLength = 0
                            state = .headers
                        }
                    } else if byte != 13, requestLine.count < RequestLineGuard.keptBytes {
                        requestLine.append(byte)
                    }
                    index += 1
                case .headers:
                    let byte = bytes[index]
                    index += 1
                    guard byte == 10 else {
                        if byte != 13, headerLine.count < 256 { headerLine.append(byte) }
                        continue
                    }
                    if headerLine.isEmpty {
                        state = contentLength > 0 ? .body(remaining: contentLength) : .requestLine
                    } else {
                        readHeader()
                        headerLine.removeAll(keepingCapacity: true)
                    }
                }
            }
        }

        /// Reads `Content-Length` and `Transfer-Encoding` from the header line just ended; a
        /// length it cannot read or a chunked body stops the rewriting (``State/passThrough``).
        private mutating func readHeader() {
            guard let colon = headerLine.firstIndex(of: UInt8(ascii: ":")) else { return }
            let name = headerLine[..<colon]
            if Self.equalsIgnoringCase(name, RequestLineGuard.contentLength) {
                let value = headerLine[(colon + 1)...].drop { $0 == 32 || $0 == 9 }
                let digits = value.reversed().drop { $0 == 32 || $0 == 9 }.reversed()
                guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                    state = .passThrough
                    return
                }
                contentLength = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            } else if Self.equalsIgnoringCase(name, RequestLineGuard.transferEncoding) {
                state = .passThrough
            }
        }

        /// Whether `name` is `lowercased` in ASCII, regardless of case.
        private static func equalsIgnoringCase(_ name: ArraySlice<UInt8>, _ lowercased: [UInt8]) -> Bool {
            name.count == lowercased.count
                && zip(name, lowercased).allSatisfy { ($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) == $1 }
        }
    }

    private static let hex = Array("0123456789ABCDEF".utf8)
    private static let http10 = Array(" HTTP/1.0".utf8)
    private static let contentLength = Array("content-length".utf8)
    private static let transferEncoding = Array("transfer-encoding".utf8)
}
