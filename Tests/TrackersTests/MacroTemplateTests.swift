import PostbackCore
import Testing
import Trackers

struct MacroTemplateTests {
    struct SyntaxCase: Sendable, CustomTestStringConvertible {
        var syntax: MacroSyntax
        var template: String
        var expected: String
        var testDescription: String { syntax.rawValue }
    }

    /// Every syntax of issue 3, filled with click id `abc123` and payout `1.20`.
    static let syntaxCases: [SyntaxCase] = [
        .init(
            syntax: .braces, template: "https://h/p?click_id={cid}&payout={pay}",
            expected: "https://h/p?click_id=abc123&payout=1.20"),
        .init(
            syntax: .brackets, template: "https://h/p?click_id=[cid]&payout=[pay]",
            expected: "https://h/p?click_id=abc123&payout=1.20"),
        .init(
            syntax: .doubleBrackets, template: "https://h/p?click_id=[[cid]]&payout=[[pay]]",
            expected: "https://h/p?click_id=abc123&payout=1.20"),
        .init(
            syntax: .parentheses, template: "https://h/p?click_id=(cid)&payout=(pay)",
            expected: "https://h/p?click_id=abc123&payout=1.20"),
        .init(
            syntax: .hashes, template: "https://h/p?click_id=#cid#&payout=#pay#",
            expected: "https://h/p?click_id=abc123&payout=1.20"),
        .init(
            syntax: .percents, template: "https://h/p?click_id=%cid%&payout=%pay%",
            expected: "https://h/p?click_id=abc123&payout=1.20"),
        .init(
            syntax: .doublePercents, template: "https://h/p?click_id=%%CID%%&payout=%%PAY%%",
            expected: "https://h/p?click_id=abc123&payout=1.20"),
        .init(
            syntax: .doubleBraces, template: "https://h/p?click_id={{cid}}&payout={{pay}}",
            expected: "https://h/p?click_id=abc123&payout=1.20"),
        .init(
            syntax: .dollarBraces, template: "https://h/p?click_id=${(cid)!}&payout=${(pay)!}",
            expected: "https://h/p?click_id=abc123&payout=1.20"),
        .init(
            syntax: .doubleUnderscores, template: "https://h/p?click_id=__CID__&payout=__PAY__",
            expected: "https://h/p?click_id=abc123&payout=1.20"),
        .init(
            syntax: .encodedBraces, template: "https://h/p?click_id=%7Bcid%7D&payout=%7bpay%7d",
            expected: "https://h/p?click_id=abc123&payout=1.20"),
    ]

    static let values = ConversionValues(clickID: "abc123", campaignID: "1234", payout: "1.20")

    @Test(arguments: syntaxCases)
    func fillsEverySyntax(_ testCase: SyntaxCase) {
        let profile = TrackerProfile(
            name: "t", macroSyntaxes: [testCase.syntax],
            macros: ["cid": .clickID, "pay": .payout, "CID": .clickID, "PAY": .payout], clickParameter: "c")
        #expect(profile.fill(template: testCase.template, values: Self.values) == testCase.expected)
        #expect(profile.macroTemplate(testCase.template).macros.map(\.syntax) == [testCase.syntax, testCase.syntax])
    }

    @Test func severalSyntaxesAtOnceAsAppsFlyer() {
        let profile = TrackerProfile(
            name: "af", macroSyntaxes: [.braces, .parentheses],
            macros: ["clickid": .clickID, "idfa": .constant("X-1")],
            clickParameter: "clickid")
        let filled = profile.fill(template: "https://h/p?a={clickid}&b=(clickid)&i=(idfa)", values: Self.values)
        #expect(filled == "https://h/p?a=abc123&b=abc123&i=X-1")
    }

    @Test func syntaxNotAcceptedStaysLiteral() {
        let profile = TrackerProfile(
            name: "t", macroSyntaxes: [.braces], macros: ["cid": .clickID], clickParameter: "c")
        // `{{cid}}` is not a macro here, but its inner `{cid}` is: the outer braces stay.
        #expect(
            profile.fill(template: "a={{cid}}&b=[cid]&c=(cid)", values: Self.values) == "a={abc123}&b=[cid]&c=(cid)")
    }

    @Test func longerFormsWinOverTheirPrefixes() {
        let template = MacroTemplate("{{a}}{b}[[c]][d]%%E%%%f%${(g)!}", syntaxes: MacroSyntax.allCases)
        #expect(template.macros.map(\.name) == ["a", "b", "c", "d", "E", "f", "g"])
        #expect(
            template.macros.map(\.syntax) == [
                .doubleBraces, .braces, .doubleBrackets, .brackets, .doublePercents, .percents, .dollarBraces,
            ])
    }

    @Test func percentEncodingIsNotAMacro() {
        let template = MacroTemplate("q=%E2%82%AC&r=%20x%&s=%7B%", syntaxes: [.percents])
        #expect(template.macros.isEmpty)
        #expect(template.render { _ in "!" } == "q=%E2%82%AC&r=%20x%&s=%7B%")
    }

    @Test func percentMacrosBesideEncoding() {
        let template = MacroTemplate("t=%TRANSACTION_ID%&a=%ACTION%&x=%C3%A9", syntaxes: [.percents])
        #expect(template.macros.map(\.name) == ["TRANSACTION_ID", "ACTION"])
    }

    @Test func numbersInDelimitersAreNotMacros() {
        #expect(MacroTemplate("a=(1)&b=[2]&c={3}", syntaxes: MacroSyntax.allCases).macros.isEmpty)
    }

    @Test func underscoreNamesMayHoldSingleUnderscores() {
        let template = MacroTemplate("id=__CLICK_ID__&t=__TS__", syntaxes: [.doubleUnderscores])
        #expect(template.macros.map(\.name) == ["CLICK_ID", "TS"])
    }

    @Test func textOutsideMacrosIsKeptByteForByte() {
        let template = "https://h/p?x=caf%C3%A9&y=ü {unclosed &z={cid}"
        let profile = TrackerProfile(name: "t", macros: ["cid": .clickID], clickParameter: "c")
        #expect(
            profile.fill(template: template, values: Self.values) == "https://h/p?x=caf%C3%A9&y=ü {unclosed &z=abc123")
    }

    @Test(arguments: [
        ("{x}", MacroSyntax.braces), ("[x]", .brackets), ("[[x]]", .doubleBrackets), ("(x)", .parentheses),
        ("#x#", .hashes), ("%x%", .percents), ("%%X%%", .doublePercents), ("{{x}}", .doubleBraces),
        ("${(x)!}", .dollarBraces), ("__X__", .doubleUnderscores), ("double_percents", .doublePercents),
    ])
    func profileNamesOfSyntaxes(_ name: String, _ syntax: MacroSyntax) {
        #expect(MacroSyntax(profileName: name) == syntax)
    }

    @Test func unknownSyntaxName() {
        #expect(MacroSyntax(profileName: "<x>") == nil)
        #expect(MacroSyntax(profileName: "{x} {y}") == nil)
    }
}
