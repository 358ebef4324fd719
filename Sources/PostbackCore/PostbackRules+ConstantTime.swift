extension PostbackRules {
    /// Compares two secrets (campaign tokens, admin tokens) in time that depends only on their
    /// lengths, never on where they first differ; a length difference does not end it early.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
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
    }
}
