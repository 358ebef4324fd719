import Yams

/// A YAML mapping with string keys, read through a ``YAMLReader`` that records its errors.
package struct YAMLMapping {
    package let reader: YAMLReader
    package let mapping: Node.Mapping
    /// The name used for this mapping in messages (`scenario`, `campaign`, `retry`, …).
    package let what: String

    /// Where the mapping starts: its first key for a block mapping, its `{` for a flow mapping.
    package var mark: Mark? { mapping.mark }

    /// The value of `key`, if present.
    package subscript(key: String) -> Node? {
        mapping.first { pair in pair.key.scalar?.string == key }?.value
    }

    /// The key node of `key`, if present (for errors about the key itself).
    package func keyNode(_ key: String) -> Node? {
        mapping.first { pair in pair.key.scalar?.string == key }?.key
    }

    /// The value of `key`; records `missing required key` at the mapping when absent.
    package func required(_ key: String) -> Node? {
        guard let node = self[key], !reader.isNull(node) else {
            if let node = self[key] {
                reader.error("'\(key)' in \(what) must not be empty", at: node.mark)
            } else {
                reader.error("missing required key '\(key)' in \(what)", at: mark)
            }
            return nil
        }
        return node
    }

    /// The value of `key` when present and not null.
    package func optional(_ key: String) -> Node? {
        guard let node = self[key], !reader.isNull(node) else { return nil }
        return node
    }

    /// Reports every key that is not in `allowed`, suggesting the nearest allowed one.
    package func checkKeys(_ allowed: [String]) {
        for (keyNode, _) in mapping {
            guard let key = keyNode.scalar?.string else {
                reader.error("keys of \(what) must be strings, found \(reader.describe(keyNode))", at: keyNode.mark)
                continue
            }
            guard !allowed.contains(key) else { continue }
            var message = "unknown key '\(key)' (expected one of: \(allowed.joined(separator: ", ")))"
            if let nearest = NearestName.find(key, in: allowed) {
                message += "; did you mean '\(nearest)'?"
            }
            reader.error(message, at: keyNode.mark)
        }
    }
}
