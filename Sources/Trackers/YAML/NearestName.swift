/// Finds the allowed name closest to a misspelt one, for "did you mean …?" hints.
package enum NearestName {
    /// The candidate within a small edit distance of `name` (case-insensitive), else the only one
    /// that begins with a `name` of four characters or more (`prosper` → `prosper202`), or `nil`.
    package static func find(_ name: String, in candidates: [String]) -> String? {
        let lowered = name.lowercased()
        let limit = max(1, min(3, lowered.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        if let best { return best.name }
        guard lowered.count >= 4 else { return nil }
        let extended = Set(candidates.filter { $0.lowercased().hasPrefix(lowered) })
        return extended.count == 1 ? extended.first : nil
    }

    /// The fewest edits that turn `pattern` into some part of `text` (approximate substring
    /// matching): 0 when `text` contains `pattern`.
    package static func substringDistance(_ pattern: String, in text: String) -> Int {
        let p = Array(pattern.unicodeScalars)
        let t = Array(text.unicodeScalars)
        guard !p.isEmpty else { return 0 }
        guard !t.isEmpty else { return p.count }
        // previous[j]: edits to turn p[0..<i-1] into a part of t ending at j (starting anywhere).
        var previous = [Int](repeating: 0, count: t.count + 1)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...p.count {
            current[0] = i
            for j in 1...t.count {
                let cost = p[i - 1] == t[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous.min() ?? p.count
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    package static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.unicodeScalars)
        let b = Array(rhs.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
