import Testing
import Trackers

struct RetryPolicyTests {
    static let appsFlyer = TrackerProfile.appsFlyer.retry

    @Test(arguments: [
        (DeliveryOutcome.answered(status: 500), 1, true),
        (.answered(status: 503), 4, true),
        (.answered(status: 503), 5, false),
        (.answered(status: 404), 1, false),
        (.answered(status: 200), 1, false),
        (.timedOut, 1, false),
        (.connectionFailed, 1, false),
    ])
    func appsFlyerRetriesOnlyOn5xx(_ outcome: DeliveryOutcome, _ attempt: Int, _ expected: Bool) {
        #expect(Self.appsFlyer.shouldRetry(after: outcome, attempt: attempt) == expected)
    }

    @Test func appsFlyerWaitsFifteenMinutes() {
        #expect(Self.appsFlyer.maxAttempts == 5)
        #expect(Self.appsFlyer.delay(afterAttempt: 1) == .seconds(900))
        #expect(Self.appsFlyer.delay(afterAttempt: 4) == .seconds(900))
    }

    @Test(arguments: [
        (RetryCondition.serverError, DeliveryOutcome.answered(status: 502), true),
        (.serverError, .timedOut, false),
        (.timeout, .timedOut, true),
        (.timeout, .answered(status: 500), false),
        (.connectionFailure, .connectionFailed, true),
        (.anyFailure, .answered(status: 404), true),
        (.anyFailure, .answered(status: 204), false),
        (.anyFailure, .timedOut, true),
        (.anyFailure, .connectionFailed, true),
    ])
    func conditions(_ condition: RetryCondition, _ outcome: DeliveryOutcome, _ expected: Bool) {
        #expect(condition.matches(outcome) == expected)
    }

    @Test func delaysRepeatTheLastAndNeverIsOneSend() {
        let policy = RetryPolicy(conditions: [.timeout], maxAttempts: 6, delays: [.seconds(60), .seconds(300)])
        #expect(policy.delay(afterAttempt: 1) == .seconds(60))
        #expect(policy.delay(afterAttempt: 2) == .seconds(300))
        #expect(policy.delay(afterAttempt: 5) == .seconds(300))
        #expect(RetryPolicy.never.maxAttempts == 1)
        #expect(!RetryPolicy.never.shouldRetry(after: .timedOut, attempt: 1))
        #expect(RetryPolicy.never.delay(afterAttempt: 1) == .zero)
    }

    @Test(arguments: [(100, 10), (50, 5), (30, 3), (0, 0), (25, 2)])
    func postbackPercentSendsAnExactShare(_ percent: Int, _ sentOfTen: Int) {
        var profile = TrackerProfile(name: "t", clickParameter: "c")
        profile.postbackPercent = percent
        let sent = (0..<10).filter(profile.sendsPostback(conversionIndex:))
        #expect(sent.count == sentOfTen)
        #expect(sent == (0..<10).filter(profile.sendsPostback(conversionIndex:)))
    }

    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("15s", .seconds(15)), ("30m", .seconds(1800)),
        ("12h", .seconds(43200)), ("40d", .seconds(40 * 86400)),
    ])
    func durationShorthand(_ text: String, _ expected: Duration) {
        #expect(Duration(shorthand: text) == expected)
        // Written back in its largest whole unit, it parses to the same duration.
        #expect(Duration(shorthand: expected.shorthand) == expected)
    }

    @Test(arguments: [
        (Duration.milliseconds(500), "500ms"), (.seconds(90), "90s"), (.seconds(900), "15m"), (.seconds(86400), "1d"),
        (.milliseconds(1500), "1500ms"),
    ])
    func durationAsShorthand(_ duration: Duration, _ text: String) {
        #expect(duration.shorthand == text)
    }

    @Test(arguments: ["", "m", "15", "1.5h", "-3m", "15 m", "15M", "3w"])
    func badDurationShorthand(_ text: String) {
        #expect(Duration(shorthand: text) == nil)
    }
}
