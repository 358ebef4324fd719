import Foundation
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

    private enum State {
        case requestLine
        case headers
        case body(remaining: Int)
        case passThrough
    }

    private var state = State.requestLine
    /// The current header line (its first bytes), for `Content-Length` and `Transfer-Encoding`.
    private var headerLine: [UInt8] = []
    private var contentLength = 0
    /// The raw start of the request line being read or last read (bytes as received, CR and
    /// LF left out).
    private(set) var requestLine: [UInt8] = []
    private var requestLineDone = false
    /// For each request line read and not yet taken by ``takeIsHTTP10()``, in order, whether
    /// it ends in `HTTP/1.0` (the decoded request no longer says).
    private var isHTTP10: [Bool] = []

    /// Whether the oldest request not yet taken is HTTP/1.0; called once per decoded head.
    func takeIsHTTP10() -> Bool {
        isHTTP10.isEmpty ? false : isHTTP10.removeFirst()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .passThrough = state {
            context.fireChannelRead(data)
            return
        }
        let input = unwrapInboundIn(data)
        // Positions of bytes to percent-encode; usually none, and the buffer goes on as it is.
        var encode: [Int] = []
        input.withUnsafeReadableBytes { bytes in
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
                                isHTTP10.append(requestLine.suffix(9).elementsEqual(Self.http10))
                            }
                            headerLine.removeAll(keepingCapacity: true)
                            contentLength = 0
                            state = .headers
                        }
                    } else if byte != 13, requestLine.count < Self.keptBytes {
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

    /// Reads `Content-Length` and `Transfer-Encoding` from the header line just ended; a
    /// length it cannot read or a chunked body stops the rewriting (``State/passThrough``).
    private func readHeader() {
        guard let colon = headerLine.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: headerLine[..<colon], as: UTF8.self).lowercased()
        let value = String(decoding: headerLine[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        switch name {
        case "content-length":
            guard let length = Int(value), length >= 0 else {
                state = .passThrough
                return
            }
            contentLength = length
        case "transfer-encoding":
            state = .passThrough
        default: break
        }
    }

    private static let hex = Array("0123456789ABCDEF".utf8)
    private static let http10 = Array(" HTTP/1.0".utf8)
}
