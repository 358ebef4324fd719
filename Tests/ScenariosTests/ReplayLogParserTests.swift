import Foundation
import Scenarios
import Testing

/// ``LogParser``: format detection, exact request targets, line numbers of what it cannot read.
struct ReplayLogParserTests {
    @Test(
        "the format is detected from the first line that is not blank or a comment",
        arguments: [
            (
                #"1.2.3.4 - - [12/Mar/2026:10:00:01 +0000] "GET /postback/advertiser?a=1 HTTP/1.1" 200 5 "-" "x""#,
                LogFormat.combined
            ),
            ("# comment\n\nhttps://clickwall.net/postback/advertiser?a=1", .urls),
            ("/postback/advertiser?a=1", .urls),
            ("  {\"log\": {\"entries\": []}}", .har),
            ("{\"request\": \"GET /postback/advertiser?a=1 HTTP/1.1\", \"status\": \"200\"}", .json),
            ("[{\"method\": \"GET\", \"url\": \"/postback/advertiser?a=1\"}]", .export),
            (
                "https 2025-11-03T14:00:01.412981Z app/lb/50dc 1.2.3.4:1 - 0 0 0 200 200 1 1 \"GET https://x:443/ HTTP/1.1\"",
                .alb
            ),
        ])
    func detect(text: String, format: LogFormat) throws {
        #expect(try LogParser.detect(text, file: "x.log") == format)
    }

    @Test("an unknown format names the file, the line and the way out")
    func unknown() {
        #expect(throws: ReplayInputError.self) { try LogParser.detect("\nhello world", file: "x.log") }
        do {
            _ = try LogParser.detect("\nhello world", file: "x.log")
        } catch {
            #expect(error.message.hasPrefix("x.log:2: cannot tell the log format from 'hello world'"))
        }
    }

    @Test("nginx's \\xHH escapes become the bytes received; the target is kept exactly")
    func combinedEscapes() throws {
        let line =
            #"1.2.3.4 - - [12/Mar/2026:10:00:01 +0000] "GET /postback/advertiser?campaign_id=7&click_id=a\x22b&x=%7Bc%7D HTTP/1.1" 400 5 "-" "x""#
        let log = try LogParser.parse(line, file: "a.log")
        let postback = try #require(log.postbacks.first)
        #expect(postback.target == #"/postback/advertiser?campaign_id=7&click_id=a"b&x=%7Bc%7D"#)
        #expect(postback.method == "GET")
        #expect(postback.line == 1)
        let time = try #require(postback.time)
        #expect(time.timeIntervalSince1970 == 1_773_309_601)
    }

    @Test("unreadable lines and other requests are reported with their numbers, never dropped")
    func notes() throws {
        let text = """
            1.2.3.4 - - [12/Mar/2026:10:00:01 +0000] "GET /postback/advertiser?a=1 HTTP/1.1" 200 5 "-" "x"
            garbage
            1.2.3.4 - - [12/Mar/2026:10:00:02 +0000] "-" 400 0 "-" "-"
            1.2.3.4 - - [12/Mar/2026:10:00:03 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "x"
            """
        let log = try LogParser.parse(text, file: "a.log", format: .combined)
        #expect(log.postbacks.map(\.line) == [1])
        #expect(log.unparsable.map(\.line) == [2])
        #expect(log.notRequests.map(\.line) == [3], "nginx's \"-\" 400 0 is no request, not an unreadable line")
        #expect(log.otherRequests.map(\.line) == [4])
    }

    @Test("a HAR keeps the POST body and its content type")
    func harBody() throws {
        let text = """
            {"log": {"entries": [{"request": {"method": "POST", "url": "https://clickwall.net/postback/advertiser",
              "postData": {"mimeType": "application/x-www-form-urlencoded", "text": "campaign_id=1&click_id=a"}}}]}}
            """
        let log = try LogParser.parse(text, file: "s.har")
        let postback = try #require(log.postbacks.first)
        #expect(postback.target == "/postback/advertiser")
        #expect(postback.body == Array("campaign_id=1&click_id=a".utf8))
        #expect(postback.contentType == "application/x-www-form-urlencoded")
    }
}
