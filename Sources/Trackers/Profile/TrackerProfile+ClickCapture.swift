extension TrackerProfile {
    /// The profile's click capture.
    public var clickCapture: ClickCapture { ClickCapture(parameter: clickParameter) }

    /// The click id from the tracking link's query parameter ``clickParameter``; `nil` when the
    /// link does not pass one (see ``ClickCapture/clickID(fromTrackingURL:)``).
    public func captureClickID(fromTrackingURL url: String) -> String? {
        clickCapture.clickID(fromTrackingURL: url)
    }
}
