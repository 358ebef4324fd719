import Hummingbird

/// The request context of the receiver's routes: Hummingbird's core storage plus the client's
/// address, which the postback log records as `source`.
struct ReceiverRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer's IP address, or an empty string when the channel does not know it.
    let remoteAddress: String

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress ?? ""
    }
}
