import Foundation
import PostbackCore
import Testing

/// Rule 1's decoding of query strings and form bodies, on requests that pass.
struct ParseTests {
    @Test(arguments: [
        ("campaign_id=1234&click_id=abc&sub1=a+b", "sub1", "a b"),
        ("campaign_id=1234&click_id=abc&sub1=a%2Bb", "sub1", "a+b"),
        ("campaign_id=1234&click_id=abc&sub1=50%", "sub1", "50%"),
        ("campaign_id=1234&click_id=abc&sub1=50%25", "sub1", "50%"),
        ("campaign_id=1234&click_id=abc&sub1=%zz", "sub1", "%zz"),
        ("campaign_id=1234&click_id=abc&sub1=%4", "sub1", "%4"),
        ("campaign_id=1234&click_id=abc&sub1=caf%C3%A9", "sub1", "café"),
        ("campaign_id=1234&click_id=abc&sub1=café", "sub1", "café"),
        ("campaign_id=1234&click_id=abc&flag", "flag", ""),
        ("campaign_id=1234&click_id=abc&sub1=a=b", "sub1", "a=b"),
        ("campaign_id=1234&click_id=abc&s%75b1=x", "sub1", "x"),
        ("campaign_id=1234&click_id=abc&sub+1=x", "sub 1", "x"),
    ])
    func decodes(query: String, name: String, value: String) throws {
        let parsed = try Fixture.rules.parse(Fixture.get(query)).get()
        #expect(parsed.value(name) == value)
    }

    @Test func emptyPiecesAreIgnoredAndOrderIsKept() throws {
        let parsed = try Fixture.rules.parse(Fixture.get("&&campaign_id=1234&&click_id=abc&b=2&a=1&")).get()
        #expect(parsed.campaignID == "1234")
        #expect(parsed.clickID == "abc")
        #expect(parsed.parameters.map(\.name) == ["campaign_id", "click_id", "b", "a"])
        #expect(parsed.extraParameters.map(\.name) == ["b", "a"])
    }

    @Test func queryComesBeforeTheFormBody() throws {
        let request = Fixture.post(
            query: "campaign_id=1234", body: "click_id=abc&event=install",
            contentType: "Application/X-WWW-Form-Urlencoded; charset=UTF-8")
        let parsed = try Fixture.rules.parse(request).get()
        #expect(parsed.parameters.map(\.name) == ["campaign_id", "click_id", "event"])
    }

    @Test func postWithoutBodyUsesTheQuery() throws {
        let request = PostbackRequest(
            method: "POST", target: "/postback/advertiser?campaign_id=1&click_id=c", receivedAt: Fixture.now)
        #expect(Fixture.rules.parse(request).success?.clickID == "c")
    }

    @Test func urlAtTheLimitPasses() throws {
        let base = "/postback/advertiser?campaign_id=1&click_id=c&pad="
        let target = base + String(repeating: "p", count: 8192 - base.utf8.count)
        let request = PostbackRequest(method: "GET", target: target, receivedAt: Fixture.now)
        #expect(Fixture.rules.parse(request).success != nil)
        var longer = request
        longer.target += "p"
        #expect(Fixture.rules.parse(longer).failure?.httpStatus == 414)
        #expect(PostbackRules(maxURLBytes: 100_000).parse(longer).success != nil)
    }

    @Test func headersOverTheLimitAre431AfterTheURLsLimit() throws {
        var request = Fixture.get("campaign_id=1234&click_id=c")
        request.headerBytes = 16384
        #expect(Fixture.rules.parse(request).success != nil, "at the limit")
        request.headerBytes = 16385
        let rejection = try #require(Fixture.rules.parse(request).failure)
        #expect(rejection.httpStatus == 431)
        #expect(rejection.reason == .malformedRequest)
        #expect(rejection.message.hasPrefix("the request headers are 16385 bytes, over the 16384-byte limit"))
        #expect(rejection.campaignID == "1234" && rejection.clickID == "c")
        // A URL over its limit is named first (414).
        request.target += "&pad=" + String(repeating: "p", count: 9000)
        #expect(Fixture.rules.parse(request).failure?.httpStatus == 414)
    }

    @Test func hundredKilobyteQueryIs414() throws {
        let request = Fixture.get("campaign_id=1234&click_id=c&" + String(repeating: "a=b&", count: 25_000))
        let rejection = try #require(Fixture.rules.parse(request).failure)
        #expect(rejection.httpStatus == 414)
        #expect(rejection.reason == .malformedRequest)
        #expect(rejection.campaignID == "1234")
    }

    @Test(arguments: ["%DEVICE_ID%", "%%ADID%%", "%CLICK_ID%", "%%CLICK_ID%%"])
    func percentMacrosSurviveDecoding(raw: String) throws {
        let rejection = try #require(Fixture.rules.parse(Fixture.get("campaign_id=1234&click_id=\(raw)")).failure)
        #expect(rejection.reason == .unsubstitutedMacro)
        #expect(rejection.message.contains("'\(raw)'"), "\(rejection.message)")
    }

    @Test func percentMacroInAnExtraIsAWarningNotARejection() throws {
        let parsed = try Fixture.rules.parse(Fixture.get("campaign_id=1234&click_id=abc&adid=%ADID%")).get()
        #expect(parsed.value("adid") == "%ADID%")
        #expect(parsed.warnings.count == 1)
        #expect(parsed.warnings.first?.contains("'%ADID%'") == true)
    }

    @Test(arguments: ["x=%00abc%", "sub=%0Aabc%", "x=%FF"])
    func controlBytesAndBareInvalidUTF8StayMalformed(piece: String) throws {
        let rejection = try #require(Fixture.rules.parse(Fixture.get("campaign_id=1234&click_id=c&" + piece)).failure)
        #expect(rejection.reason == .malformedRequest)
        #expect(rejection.message.contains("'\(piece.prefix { $0 != "=" })'"))
    }

    @Test func doubleEncodedMacroIsNamedAsSent() throws {
        let rejection = try #require(
            Fixture.rules.parse(Fixture.get("campaign_id=1234&click_id=%257Bclick_id%257D")).failure)
        #expect(rejection.reason == .unsubstitutedMacro)
        #expect(rejection.message.contains("'%7Bclick_id%7D'"))
        #expect(rejection.message.contains("encoded twice"))
    }

    @Test(arguments: [
        ("sub1={sub1}", "'{sub1}'"),
        ("sub1=(idfa)", "'(idfa)'"),
        ("{sub}=1", "parameter name '{sub}'"),
        ("Payout=1.5", "did you mean payout?"),
        ("amp;event=install", "replace '&amp;' with '&'"),
    ])
    func extrasGiveWarnings(extra: String, says: String) throws {
        let parsed = try Fixture.rules.parse(Fixture.get("campaign_id=1234&click_id=abc&\(extra)")).get()
        #expect(parsed.warnings.contains { $0.contains(says) }, "\(parsed.warnings)")
        let candidate = try Fixture.judge(
            "campaign_id=1234&click_id=abc123&\(extra)", campaign: Fixture.campaign(), click: Fixture.click()
        ).get()
        #expect(candidate.warnings.contains { $0.contains(says) })
    }

    @Test func cleanExtrasGiveNoWarnings() throws {
        let parsed = try Fixture.rules.parse(Fixture.get("campaign_id=1234&click_id=abc&sub1=x&payout=1&Payload=(1)"))
            .get()
        #expect(parsed.warnings.isEmpty)
    }

    @Test func warningsAreCapped() throws {
        let extras = (0..<50).map { "s\($0)={m\($0)}" }.joined(separator: "&")
        let parsed = try Fixture.rules.parse(Fixture.get("campaign_id=1&click_id=c&" + extras)).get()
        #expect(parsed.warnings.count == 11)
        #expect(parsed.warnings.last == "40 more warnings of the same kinds.")
    }

    @Test func manyParametersStillFindRepeats() throws {
        let extras = (0..<40).map { "p\($0)=v" }.joined(separator: "&")
        let rejection = try #require(
            Fixture.rules.parse(Fixture.get("campaign_id=1&click_id=c&\(extras)&p33=again")).failure)
        #expect(rejection.message.contains("'p33' appears more than once"))
    }

    @Test(arguments: ["HEAD", "PUT", "get", "OPTIONS", "PATCH", "BREW\r\nX"])
    func onlyGETAndPOST(method: String) throws {
        let rejection = try #require(
            Fixture.rules.parse(Fixture.request(method: method, query: "campaign_id=1&click_id=c")).failure)
        #expect(rejection.reason == .malformedRequest)
        #expect(!rejection.message.contains("\r\n"))
        #expect(rejection.message.contains("method"))
    }

    @Test(arguments: ["text/plain", "multipart/form-data; boundary=x", "application/json"])
    func postNeedsAFormBody(contentType: String) throws {
        let rejection = try #require(
            Fixture.rules.parse(Fixture.post(body: "campaign_id=1&click_id=c", contentType: contentType)).failure)
        #expect(rejection.reason == .malformedRequest)
        let media = String(contentType.prefix { $0 != ";" })
        #expect(rejection.message.contains("got \(media)"))
    }
}
