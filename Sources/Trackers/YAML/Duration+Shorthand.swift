extension Duration {
    /// Parses `<integer><unit>` with unit `ms`, `s`, `m`, `h` or `d` (`500ms`, `15m`, `40d`).
    public init?(shorthand text: String) {
        let units: [(suffix: String, milliseconds: Int64)] = [
            ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            let number = text.dropLast(unit.suffix.count)
            guard !number.isEmpty, number.allSatisfy(\.isASCII), number.allSatisfy(\.isNumber),
                let value = Int64(number), value <= Int64.max / unit.milliseconds / 1_000
            else { continue }
            self = .milliseconds(value * unit.milliseconds)
            return
        }
        return nil
    }

    /// The shorthand that parses back to this duration, in the largest whole unit (`90s`, `15m`,
    /// `500ms`); sub-millisecond parts are dropped.
    public var shorthand: String {
        let milliseconds = components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
        for (suffix, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)]
        where milliseconds >= size && milliseconds % size == 0 {
            return "\(milliseconds / size)\(suffix)"
        }
        return "\(milliseconds)ms"
    }
}
