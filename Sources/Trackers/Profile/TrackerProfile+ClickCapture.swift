extension TrackerProfile {
    /// The profile's click capture.
    public var clickCapture: ClickCapture { ClickCapture(parameter: clickParameter) }

    /// The click id from the tracking link's query parameter ``clickParameter``; `nil` when the
    /// link does not pass one (see ``ClickCapture/clickID(fromTrackingURL:)``). For a profile that
    /// ``capturesCallbacks``, the click id in the install callback when the link has no
    /// ``clickParameter`` of its own.
    public func captureClickID(fromTrackingURL url: String) -> String? {
        capture(fromTrackingURL: url).clickID
    }

    /// Everything the tracker takes from the tracking link `url`.
    ///
    /// A profile that ``capturesCallbacks`` reads the link's query the way Adjust does: split at
    /// every `&`, each `install_callback`, `click_callback` and `event_callback_<token>` value
    /// percent-decoded once. A callback pasted without encoding is therefore cut at its first
    /// `&`, and the parameters after it become the click link's own.
    public func capture(fromTrackingURL url: String) -> CapturedClick {
        let ownClickID = clickCapture.clickID(fromTrackingURL: url)
        var parameters: [String: String] = [:]
        for (name, value) in URLQuery.pairs(of: url) {
            let decoded = PercentEncoding.decode(name) ?? name
            if parameters[decoded] == nil { parameters[decoded] = PercentEncoding.decode(value) ?? value }
        }
        guard capturesCallbacks else { return CapturedClick(clickID: ownClickID, parameters: parameters) }
        var callbacks: [String: String] = [:]
        for (name, value) in URLQuery.pairs(of: url) where CapturedClick.isCallbackParameter(name) {
            guard callbacks[name] == nil else { continue }
            callbacks[name] = PercentEncoding.decode(value) ?? value
        }
        let clickID =
            ownClickID
            ?? callbacks["install_callback"].flatMap {
                ClickCapture(parameter: "click_id").clickID(fromTrackingURL: $0)
            }
        return CapturedClick(clickID: clickID, callbacks: callbacks, parameters: parameters)
    }
}
