/// The names of the faults a scenario's traffic may inject (`fault:`), the fault catalogue.
///
/// Each models a way postbacks go wrong in the field (trackers.md); how each is injected is
/// decided by the sending side.
public enum Fault: String, Sendable, Hashable, CaseIterable, Codable {
    case duplicate
    case duplicateConcurrent = "duplicate-concurrent"
    case retryAfterTimeout = "retry-after-timeout"
    case retryAfter5xx = "retry-after-5xx"
    case unsubstitutedMacro = "unsubstituted-macro"
    case wrongMacro = "wrong-macro"
    case renamedParameter = "renamed-parameter"
    case missingParameter = "missing-parameter"
    case wrongCampaign = "wrong-campaign"
    case htmlEscapedAmpersand = "html-escaped-ampersand"
    case doubleEncoded = "double-encoded"
    case emptyClickID = "empty-click-id"
    case truncatedClickID = "truncated-click-id"
    case trackingLinkDropsClickID = "tracking-link-drops-click-id"
    case whitespaceInURL = "whitespace-in-url"
    case unencodedCallback = "unencoded-callback"
    case expiredClick = "expired-click"
    case campaignPaused = "campaign-paused"
    case badPayout = "bad-payout"
    case twoPostbacksConfigured = "two-postbacks-configured"
}
