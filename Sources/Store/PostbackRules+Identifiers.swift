import PostbackCore

extension PostbackRules {
    /// The `campaign_id` and `click_id` of a request's query, each when it parses cleanly, for
    /// logging a request that the rule chain did not judge (its body, if any, is not read).
    public func identifiers(of request: PostbackRequest) -> (campaignID: String?, clickID: String?) {
        var query = request
        query.method = "GET"
        query.body = []
        query.contentType = nil
        switch parse(query) {
        case .success(let postback): return (postback.campaignID, postback.clickID)
        case .failure(let rejection): return (rejection.campaignID, rejection.clickID)
        }
    }
}
