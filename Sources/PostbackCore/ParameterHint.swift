/// Explains a missing parameter by what the request has instead (DESIGN §3: "did you mean
/// click_id?").
///
/// Looks for the name behind an `&amp;` copied from HTML (`amp;click_id`, `amp%3Bclick_id`,
/// `#38;click_id`), then a name and macro swapped (`{clickid}=click_id`), then a near miss
/// (`clickid`, `Click_ID`, `click-id`, `ClickID`, ` click_id`, one typo away), then a name other
/// networks use for the same thing (`aff_sub` for the click id).
public struct ParameterHint: Sendable, Equatable {
    /// What kind of mistake the hint points at.
    public enum Kind: String, Sendable, Equatable {
        /// `amp;click_id`: `&amp;` copied from an HTML page.
        case htmlEntity = "html_entity"
        /// `clickid`, `Click_ID`, `click-id`: the name changed.
        case nearMiss = "near_miss"
        /// `{clickid}=click_id`: name and macro swapped.
        case swapped
        /// `aff_sub` for `click_id`: another network's name.
        case alias
    }

    /// The parameter that is missing, e.g. `click_id`.
    public var expected: String
    /// The parameter the request has instead, exactly as received.
    public var found: String
    public var kind: Kind

    public init(expected: String, found: String, kind: Kind) {
        self.expected = expected
        self.found = found
        self.kind = kind
    }

    /// The clause that follows "missing click_id; ", ending in a full stop.
    public var clause: String {
        let found = MessageText.quoted(found)
        return switch kind {
        case .htmlEntity:
            "the request has \(found): the URL was copied from an HTML page, replace '&amp;' with '&'."
        case .nearMiss:
            "the request has \(found) — did you mean \(expected)? Parameter names are exact and case-sensitive."
        case .swapped:
            "the request has a parameter named \(found) whose value is '\(expected)' — name and macro are "
                + "swapped: write \(expected)=\(self.found)."
        case .alias:
            "the request has \(found), the name other networks use for it — ClickWall reads it only from "
                + "\(expected)."
        }
    }

    /// The best hint for `expected` missing from `parameters`, or `nil`.
    public static func forMissing(_ expected: String, in parameters: [QueryParameter]) -> ParameterHint? {
        let target = key(expected).key
        var nearMiss: ParameterHint?
        var swapped: ParameterHint?
        var alias: ParameterHint?
        for parameter in parameters where parameter.name != expected {
            let (found, hadEntity) = key(parameter.name)
            if swapped == nil, key(parameter.value).key == target,
                let macro = MacroDetector.firstMacro(in: parameter.name), macro.text == parameter.name
            {
                swapped = ParameterHint(expected: expected, found: parameter.name, kind: .swapped)
            } else if found == target {
                if hadEntity { return ParameterHint(expected: expected, found: parameter.name, kind: .htmlEntity) }
                if nearMiss == nil {
                    nearMiss = ParameterHint(expected: expected, found: parameter.name, kind: .nearMiss)
                }
            } else if nearMiss == nil, target.utf8.count >= 5, isOneEditApart(found, target) {
                nearMiss = ParameterHint(expected: expected, found: parameter.name, kind: .nearMiss)
            } else if alias == nil, aliases[expected]?.contains(found) == true {
                alias = ParameterHint(expected: expected, found: parameter.name, kind: .alias)
            }
        }
        return swapped ?? nearMiss ?? alias
    }

    /// The used parameter that `name` most likely meant (`Payout` → `payout`, `amp;event` →
    /// `event`), or `nil` when `name` is exact or unrelated.
    public static func intendedName(for name: String) -> String? {
        guard !PostbackRules.isUsedParameter(name) else { return nil }
        let found = key(name).key
        return usedKeys.first { $0.key == found }?.name
    }

    /// The comparison keys of ``PostbackRules/usedParameters``.
    private static let usedKeys = PostbackRules.usedParameters.map { (key: key($0).key, name: $0) }

    /// Other networks' names for ClickWall's parameters, as comparison keys.
    static let aliases: [String: Set<String>] = [
        "click_id": ["subid", "affsub", "transactionid", "externalid", "cid", "clid", "click"],
        "campaign_id": ["offerid", "offer", "campaign", "campid", "cmpid"],
        "event": ["eventname", "eventtype", "et", "goal", "goalid", "eventtoken"],
        "amount": ["revenue", "saleamount", "eventrevenue", "sum", "value", "price"],
        "txid": ["transactionid", "orderid", "tid", "transaction", "order"],
        "token": ["key", "secret", "postbacktoken", "securitytoken"],
    ]

    /// Comparison key: ASCII letters and digits only, lowercased, after stripping HTML-entity
    /// prefixes (`amp;`, `amp%3b`, `#38;`, `#038;`), and whether one was stripped.
    static func key(_ name: String) -> (key: String, hadEntity: Bool) {
        var bytes = Substring(name).utf8[...]
        var hadEntity = false
        var stripped = true
        while stripped {
            stripped = false
            for prefix in ["amp;", "amp%3b", "#38;", "#038;"] where hasPrefix(bytes, prefix) {
                bytes = bytes.dropFirst(prefix.utf8.count)
                hadEntity = true
                stripped = true
            }
        }
        var key = [UInt8]()
        key.reserveCapacity(bytes.count)
        for byte in bytes {
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
                key.append(byte + 32)
            } else if MacroScanner.isAlphanumeric(byte) || byte >= 0x80 {
                key.append(byte)
            }
        }
        return (String(decoding: key, as: UTF8.self), hadEntity)
    }

    private static func hasPrefix(_ bytes: Substring.UTF8View.SubSequence, _ prefix: String) -> Bool {
        guard bytes.count >= prefix.utf8.count else { return false }
        return zip(bytes, prefix.utf8).allSatisfy { pair in
            let lowered = pair.0 >= UInt8(ascii: "A") && pair.0 <= UInt8(ascii: "Z") ? pair.0 + 32 : pair.0
            return lowered == pair.1
        }
    }

    /// One insertion, deletion, substitution or transposition of neighbours apart (not equal).
    static func isOneEditApart(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        guard a != b, abs(a.count - b.count) <= 1 else { return false }
        var prefix = 0
        while prefix < min(a.count, b.count), a[prefix] == b[prefix] { prefix += 1 }
        if a.count == b.count {
            if a[(prefix + 1)...] == b[(prefix + 1)...] { return true }
            return prefix + 1 < a.count && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix]
                && a[(prefix + 2)...] == b[(prefix + 2)...]
        }
        let (long, short) = a.count > b.count ? (a, b) : (b, a)
        return long[(prefix + 1)...] == short[prefix...]
    }
}
