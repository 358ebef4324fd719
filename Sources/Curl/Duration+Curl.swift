extension Duration {
    /// The duration in whole milliseconds for a `*_MS` option, rounded up, at least 1 (libcurl
    /// reads 0 as "no limit") and at most `Int32.max`.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 1 }
        let limit = Int64(Int32.max)
        guard seconds < limit / 1000 else { return Int(limit) }
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let fraction = (attoseconds + attosecondsPerMillisecond - 1) / attosecondsPerMillisecond
        return Int(max(1, seconds * 1000 + fraction))
    }
}
