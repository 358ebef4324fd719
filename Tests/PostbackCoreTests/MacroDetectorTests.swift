import PostbackCore
import Testing

/// Every macro syntax of DESIGN §3 rule 3 is found and named; real values are not flagged.
struct MacroDetectorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var value: String
        var text: String
        var name: String
        var syntax: MacroSyntax
        var encoded = false
        var testDescription: String { value }
    }

    static let macros: [Case] = [
        Case(value: "{click_id}", text: "{click_id}", name: "click_id", syntax: .braces),
        Case(value: "{transaction.id}", text: "{transaction.id}", name: "transaction.id", syntax: .braces),
        Case(value: "{dcp_sub}", text: "{dcp_sub}", name: "dcp_sub", syntax: .braces),
        Case(value: "cw-{clickid}-x", text: "{clickid}", name: "clickid", syntax: .braces),
        Case(value: "{{static}}", text: "{{static}}", name: "static", syntax: .doubleBraces),
        Case(value: "{{ click_id }}", text: "{{ click_id }}", name: "click_id", syntax: .doubleBraces),
        Case(value: "%7Bclick_id%7D", text: "%7Bclick_id%7D", name: "click_id", syntax: .encodedBraces, encoded: true),
        Case(value: "%7bclick_id%7d", text: "%7bclick_id%7d", name: "click_id", syntax: .encodedBraces, encoded: true),
        Case(value: "(idfa)", text: "(idfa)", name: "idfa", syntax: .parentheses),
        Case(value: "(app-id)", text: "(app-id)", name: "app-id", syntax: .parentheses),
        Case(value: "[CLICK_ID]", text: "[CLICK_ID]", name: "CLICK_ID", syntax: .brackets),
        Case(value: "%5BCLICK_ID%5D", text: "%5BCLICK_ID%5D", name: "CLICK_ID", syntax: .brackets, encoded: true),
        Case(value: "[[click_id]]", text: "[[click_id]]", name: "click_id", syntax: .doubleBrackets),
        Case(value: "#s2#", text: "#s2#", name: "s2", syntax: .hashes),
        Case(value: "#price#", text: "#price#", name: "price", syntax: .hashes),
        Case(value: "%TRANSACTION_ID%", text: "%TRANSACTION_ID%", name: "TRANSACTION_ID", syntax: .percents),
        Case(value: "%DEVICE_ID%", text: "%DEVICE_ID%", name: "DEVICE_ID", syntax: .percents),
        Case(value: "%25CLICK%25", text: "%25CLICK%25", name: "CLICK", syntax: .percents, encoded: true),
        Case(value: "%%CLICK_ID%%", text: "%%CLICK_ID%%", name: "CLICK_ID", syntax: .doublePercents),
        Case(value: "${(click_id)!}", text: "${(click_id)!}", name: "click_id", syntax: .dollarBraces),
        Case(value: "${click_id}", text: "${click_id}", name: "click_id", syntax: .dollarBraces),
        Case(
            value: "%24%7Bclick_id%7D", text: "%24%7Bclick_id%7D", name: "click_id", syntax: .dollarBraces,
            encoded: true),
        Case(value: "__CLICKID__", text: "__CLICKID__", name: "CLICKID", syntax: .doubleUnderscores),
        Case(value: "x-__CLICK_ID__", text: "__CLICK_ID__", name: "CLICK_ID", syntax: .doubleUnderscores),
    ]

    @Test(arguments: macros)
    func findsMacro(_ item: Case) throws {
        let macro = try #require(MacroDetector.firstMacro(in: item.value))
        #expect(macro.text == item.text)
        #expect(macro.name == item.name)
        #expect(macro.syntax == item.syntax)
        #expect(macro.isPercentEncoded == item.encoded)
        #expect(String(item.value[macro.range]) == item.text)
        #expect(MacroDetector.containsMacro(item.value))
    }

    @Test(arguments: [
        ("{date:Y-m-d}", "date", "Y-m-d"),
        ("{status:lead=pending sale=approved}", "status", "lead=pending sale=approved"),
    ])
    func aBraceMacroWithAnArgumentIsAMacro(_ value: String, _ name: String, _ argument: String) throws {
        let macro = try #require(MacroDetector.firstMacro(in: value))
        #expect(macro.text == value)
        #expect(macro.name == name)
        #expect(macro.argument == argument)
    }

    @Test func onlyTheGivenSyntaxesAreRecognised() {
        // `{{x}}` holds `{x}` where only braces are recognised; `%5Bx%5D` counts only when asked.
        #expect(MacroDetector.macros(in: "a={{x}}", syntaxes: [.braces]).map(\.text) == ["{x}"])
        #expect(MacroDetector.macros(in: "a=%5Bx%5D", syntaxes: [.brackets], encodedDelimiters: false).isEmpty)
        #expect(MacroDetector.macros(in: "a=%7Bx%7D", syntaxes: [.encodedBraces], encodedDelimiters: false).count == 1)
    }

    @Test func everySyntaxIsCovered() {
        #expect(Set(Self.macros.map(\.syntax)) == Set(MacroSyntax.allCases))
    }

    @Test(arguments: MacroSyntax.allCases)
    func renderedMacrosAreDetected(_ syntax: MacroSyntax) throws {
        let macro = try #require(MacroDetector.firstMacro(in: syntax.render("click_id")))
        #expect(macro.syntax == syntax)
        #expect(macro.name == "click_id")
        #expect(MacroDetector.firstMacro(in: syntax.example)?.syntax == syntax)
    }

    @Test(arguments: [
        "abc123xyz", "0123456789abcdefghij", "k3j4h5g6f7d8s9a0qwer", "(1)", "[2]", "[[3]]", "#1#", "{}", "{ }",
        "{12}", "%20big%20world", "a%2Fb%2Fc", "summer__sale__2024", "__init", "1.20", "50%", "100%_off", "a{b",
        #"{"a":1}"#, "", "$100", "${}", "cw_click", "(12.5)", "user@example.com", "{click id}", "#",
        "%%", "(-)", "2024-01-01T00:00:00Z", "https://example.com/x?y=1",
    ])
    func leavesRealValuesAlone(_ value: String) {
        #expect(MacroDetector.firstMacro(in: value) == nil)
    }

    @Test func findsEveryMacroInOrder() {
        let found = MacroDetector.macros(in: "a={click_id}&b=(idfa)&c=%%X%%&d=5")
        #expect(found.map(\.text) == ["{click_id}", "(idfa)", "%%X%%"])
        #expect(found.map(\.syntax) == [.braces, .parentheses, .doublePercents])
    }

    @Test func longNamesAreNotMacros() {
        let name = String(repeating: "a", count: 65)
        #expect(MacroDetector.firstMacro(in: "{\(name)}") == nil)
        #expect(MacroDetector.firstMacro(in: "{\(name.dropLast())}") != nil)
    }

    @Test(arguments: [
        ("{click_id}", MacroSyntax.braces), ("(clickid)", .parentheses), ("[CLICK_ID]", .brackets),
        ("[[click_id]]", .doubleBrackets), ("#s2#", .hashes), ("%CLICK_ID%", .percents),
        ("%%CLICK_ID%%", .doublePercents), ("{{click_id}}", .doubleBraces), ("${(click_id)!}", .dollarBraces),
        ("__CLICKID__", .doubleUnderscores),
    ])
    func rule3NamesTheMacroInEverySyntax(macro: String, syntax: MacroSyntax) throws {
        let encoded = macro.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "#", with: "%23")
            .replacingOccurrences(of: "{", with: "%7B").replacingOccurrences(of: "}", with: "%7D")
        let rejection = try #require(
            Fixture.rules.parse(Fixture.get("campaign_id=1234&click_id=\(encoded)")).failure)
        #expect(rejection.reason == .unsubstitutedMacro)
        #expect(rejection.message.contains("click_id holds the unsubstituted macro '\(macro)'"), "\(rejection.message)")
        #expect(rejection.clickID == macro)
    }

    @Test(arguments: PostbackRules.usedParameters)
    func rule3ChecksEveryUsedParameter(name: String) throws {
        var parameters = ["campaign_id": "1234", "click_id": "abc"]
        parameters[name] = "%5BX%5D"
        let query = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        let rejection = try #require(Fixture.rules.parse(Fixture.get(query)).failure)
        #expect(rejection.reason == .unsubstitutedMacro)
        #expect(rejection.message.hasPrefix("\(name) holds the unsubstituted macro '[X]'"))
    }

    @Test(arguments: [
        ("{click_id}", "ClickWall's own placeholder"),
        ("%257Bclick_id%257D", "ClickWall's own placeholder"),
        ("{clickid}", "use {externalid}"),
        ("(clickid)", "AppsFlyer fills {clickid} only when"),
        ("{externalid}", "External ID parameter"),
        ("{subid}", "Keitaro"),
        ("%%CLICK_ID%%", "AppsFlyer {clickid}, Voluum {externalid}"),
    ])
    func clickIDMacroAdvice(raw: String, says: String) throws {
        let rejection = try #require(Fixture.rules.parse(Fixture.get("campaign_id=1234&click_id=\(raw)")).failure)
        #expect(rejection.message.contains(says), "\(rejection.message)")
    }
}
