import NIOCore

/// Reads request heads as bytes (no body expected), records the target of each request line
/// and answers 200 `ok`.
final class RawRequestHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let recorder: Recorder
    private var pending: [UInt8] = []

    init(recorder: Recorder) {
        self.recorder = recorder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while let headEnd = pending.indices.first(where: { pending[$0...].starts(with: end) }) {
            let requestLine = pending[..<(pending.firstIndex(of: 0x0D) ?? headEnd)]
            let parts = requestLine.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
            recorder.record(rawTarget: parts.count == 3 ? Array(parts[1]) : Array(requestLine))
            pending.removeSubrange(..<(headEnd + end.count))
            let answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: answer)), promise: nil)
        }
    }
}
