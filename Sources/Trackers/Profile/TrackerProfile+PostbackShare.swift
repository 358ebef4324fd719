extension TrackerProfile {
    /// Whether the conversion at `index` (0, 1, 2, … in send order) is sent under
    /// ``postbackPercent``: exactly ⌊n × percent / 100⌋ of the first n conversions are sent,
    /// spread evenly and the same on every run.
    public func sendsPostback(conversionIndex index: Int) -> Bool {
        let percent = min(100, max(0, postbackPercent))
        return (index + 1) * percent / 100 > index * percent / 100
    }
}
