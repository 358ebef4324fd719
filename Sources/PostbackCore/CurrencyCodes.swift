/// The active ISO 4217 currency codes (list one, as of 2025), for rule 12's `currency` check.
///
/// Upper-case three-letter codes only. Withdrawn codes (HRK, CUC, SLL, ZWL…) are not accepted.
/// Lookups use a bit set over the 26³ possible codes: no hashing, no allocation.
public enum CurrencyCodes {
    /// Every active code, sorted.
    public static let active: [String] = """
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP \
        BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR \
        FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES \
        KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR \
        MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF \
        SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS \
        UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF \
        XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG
        """.split(separator: " ").map(String.init)

    private static let bits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (26 * 26 * 26 + 63) / 64)
        for code in active {
            if let index = index(of: code) { bits[index >> 6] |= 1 << UInt64(index & 63) }
        }
        return bits
    }()

    /// Whether `code` is an active ISO 4217 code (exact, upper-case).
    public static func isActive(_ code: some StringProtocol) -> Bool {
        guard let index = index(of: code) else { return false }
        return bits[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    private static func index(of code: some StringProtocol) -> Int? {
        var index = 0
        var count = 0
        for byte in code.utf8 {
            guard count < 3, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") else { return nil }
            index = index * 26 + Int(byte - UInt8(ascii: "A"))
            count += 1
        }
        return count == 3 ? index : nil
    }
}
