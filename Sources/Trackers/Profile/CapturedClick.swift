/// What a tracker took from the tracking link a click redirected to: ClickWall's click id and,
/// for a tracker that takes its postbacks from the link (Adjust), the decoded callbacks.
public struct CapturedClick: Sendable, Hashable {
    /// The click id, `nil` when the link did not pass one: the tracker never has it.
    public var clickID: String?
    /// Callback parameter name (`install_callback`, `event_callback_abc123`, `click_callback`)
    /// → the callback URL, decoded once as the tracker decodes it.
    public var callbacks: [String: String]
    /// The tracking link's query parameters, each percent-decoded once (a value that is not valid
    /// percent-encoding as written); the first of a repeated name wins.
    public var parameters: [String: String]

    public init(clickID: String?, callbacks: [String: String] = [:], parameters: [String: String] = [:]) {
        self.clickID = clickID
        self.callbacks = callbacks
        self.parameters = parameters
    }

    /// No click at all (an organic install).
    public static let organic = CapturedClick(clickID: nil)

    /// The link parameter that carries the callback for `trackerEvent`: `install_callback` for an
    /// install, `event_callback_<token>` for an in-app event.
    public static func callbackParameter(forTrackerEvent trackerEvent: String?) -> String {
        ConversionValues.isInstall(trackerEvent) ? "install_callback" : "event_callback_\(trackerEvent ?? "")"
    }

    /// Whether `name` is a callback parameter of a click link.
    public static func isCallbackParameter(_ name: some StringProtocol) -> Bool {
        name == "install_callback" || name == "click_callback" || name.hasPrefix("event_callback_")
    }

    /// The callback for `trackerEvent`, if the link carried one.
    public func callback(forTrackerEvent trackerEvent: String?) -> String? {
        callbacks[Self.callbackParameter(forTrackerEvent: trackerEvent)]
    }
}
