import PostbackCore
import Testing

/// ISO 4217 active codes.
struct CurrencyCodesTests {
    @Test(arguments: ["USD", "EUR", "GBP", "JPY", "CHF", "BRL", "XAU", "ZWG", "VES", "AED", "ZMW"])
    func active(code: String) {
        #expect(CurrencyCodes.isActive(code))
    }

    @Test(arguments: ["usd", "Usd", "US", "USDD", "", "XYZ", "HRK", "CUC", "ZWL", "U$D", "ÜSD", "AAA", "ZZZ"])
    func notActive(code: String) {
        #expect(!CurrencyCodes.isActive(code))
    }

    @Test func listIsSortedAndWellFormed() {
        #expect(CurrencyCodes.active == CurrencyCodes.active.sorted())
        #expect(CurrencyCodes.active.count == Set(CurrencyCodes.active).count)
        #expect(CurrencyCodes.active.allSatisfy { CurrencyCodes.isActive($0) })
        #expect(CurrencyCodes.active.count > 150)
    }

    @Test func acceptedOnAPostback() throws {
        let candidate = try Fixture.judge(
            "campaign_id=1234&click_id=abc123&currency=JPY", campaign: Fixture.campaign(), click: Fixture.click()
        ).get()
        #expect(candidate.currency == "JPY")
    }
}
