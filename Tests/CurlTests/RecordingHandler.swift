import Curl
import NIOCore
import NIOHTTP1

/// Records each request and answers it according to its path.
final class RecordingHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let recorder: Recorder
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(recorder: Recorder) {
        self.recorder = recorder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            self.head = nil
            handle(head, context: context)
        }
    }

    private func handle(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        recorder.record(
            ReceivedRequest(
                method: head.method.rawValue, uri: head.uri,
                headers: head.headers.map { HTTPHeader($0.name, $0.value) },
                body: body))
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let isHead = head.method == .HEAD
        switch path {
        case "/hang":
            return
        case "/redirect":
            respond(context: context, status: .found, headers: [("Location", "/target?from=redirect")], body: "moved")
        case "/loop":
            respond(context: context, status: .found, headers: [("Location", "/loop")], body: "again")
        case "/hold":
            recorder.holdStarted()
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(20)) {
                self.recorder.holdEnded()  // before the answer leaves: the client cannot start the next one earlier
                self.respond(context: context, status: .ok, headers: [], body: "held")
            }
        case "/gate":
            let promise = context.eventLoop.makePromise(of: Void.self)
            promise.futureResult.assumeIsolated().whenSuccess {
                self.respond(context: context, status: .ok, headers: [], body: "through")
            }
            recorder.arrive(promise)
        default:
            respond(
                context: context, status: .ok,
                headers: [("X-Test-Server", "yes"), ("x-mixed-Case", "Value With Spaces")],
                body: isHead ? nil : "ok", contentLength: 2)
        }
    }

    private func respond(
        context: ChannelHandlerContext, status: HTTPResponseStatus, headers: [(String, String)], body: String?,
        contentLength: Int? = nil
    ) {
        var fields = HTTPHeaders(headers)
        fields.add(name: "Content-Length", value: String(contentLength ?? body?.utf8.count ?? 0))
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: fields))), promise: nil)
        if let body {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
