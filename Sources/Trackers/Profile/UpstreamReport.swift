/// What a tracker tells the network or its user about a postback after sending it.
public enum UpstreamReport: String, Sendable, Hashable, CaseIterable {
    /// Success when the last send got an answer the tracker counts as success, failure otherwise.
    case delivery
    /// Success whatever happened (Prosper202 answers `202 Postback successful` after firing its
    /// pixel URLs without looking at their answers).
    case alwaysSuccess = "always_success"
}
