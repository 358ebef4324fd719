/// Comparison of secrets (campaign tokens, the admin token) in time that depends only on their
/// lengths, never on where they first differ: the one implementation that rule 5 and the
/// receiver's admin and dashboard authentication use.
public enum ConstantTime {
    /// Whether `given` and `expected` are the same UTF-8 bytes. The length difference is kept
    /// whole (folded into one byte, a difference of 256 would let a secret followed by 256 NUL
    /// bytes pass) and does not end the comparison early. Pure; safe from any thread.
    public static func equals(_ given: String, _ expected: String) -> Bool {
        var given = given
        var expected = expected
        return given.withUTF8 { left in expected.withUTF8 { right in equals(left, right) } }
    }

    /// The same comparison for bytes.
    public static func equals(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        given.withUnsafeBufferPointer { left in expected.withUnsafeBufferPointer { right in equals(left, right) } }
    }

    private static func equals(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        var difference = UInt64(truncatingIfNeeded: left.count ^ right.count)
        let length = max(left.count, right.count)
        for index in 0..<length {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= UInt64(a ^ b)
        }
        return difference == 0
    }
}
