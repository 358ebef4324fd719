import NIOCore

/// Reads and drops everything, never writes.
final class DiscardingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
