import Foundation

extension PostbackRules {
    /// Rules 4–12 for a parsed postback, given the campaign and click it names (or `nil` when
    /// they do not exist). On success, the candidate that rule 13 records.
    ///
    /// `now` is the clock for the conversion window (rule 10). Optional parameters sent empty
    /// (a tracker placeholder without data) count as not sent.
    public func evaluate(
        _ postback: ParsedPostback, campaign: Campaign?, click: Click?, now: Date
    ) -> Result<ConversionCandidate, Rejection> {
        func reject(_ reason: RejectReason, _ message: String) -> Result<ConversionCandidate, Rejection> {
            .failure(
                Rejection(
                    reason: reason, message: message, campaignID: postback.campaignID, clickID: postback.clickID))
        }
        let parameters = postback.parameters
        func given(_ name: String) -> String? {
            guard let value = Self.value(name, in: parameters), !value.isEmpty else { return nil }
            return value
        }

        // Rule 4: the campaign exists.
        guard let campaign else {
            let id = MessageText.quoted(postback.campaignID)
            let shape =
                Campaign.isValidID(postback.campaignID)
                ? "" : " (campaign ids are 1–64 letters, digits, '_' or '-')"
            return reject(
                .unknownCampaign,
                "campaign \(id) does not exist\(shape): check campaign_id against the id in your ClickWall "
                    + "dashboard's postback URL.")
        }
        let campaignName = "campaign \(campaign.id)"

        // Rule 5: the token matches, where the campaign has one.
        if let expected = campaign.token {
            guard let token = given("token") else {
                let hint = ParameterHint.forMissing("token", in: parameters).map { "; \($0.clause)" } ?? "."
                return reject(
                    .invalidToken,
                    "token is missing: \(campaignName) requires the token from its postback URL in the dashboard"
                        + hint)
            }
            guard ConstantTime.equals(token, expected) else {
                return reject(
                    .invalidToken,
                    "token does not match \(campaignName)'s token: copy the postback URL again from the dashboard "
                        + "(the token may have been changed).")
            }
        }

        // Rules 6 and 7: approved, then active.
        switch campaign.status {
        case .pending:
            return reject(
                .campaignNotApproved,
                "\(campaignName) is pending: postbacks count only once it is approved and active.")
        case .rejected:
            return reject(
                .campaignNotApproved,
                "\(campaignName) is rejected: postbacks never count for it — contact ClickWall support if that is "
                    + "unexpected.")
        case .approved:
            return reject(
                .campaignInactive,
                "\(campaignName) is approved but not started yet: postbacks count once it is active.")
        case .paused:
            return reject(
                .campaignInactive, "\(campaignName) is paused: postbacks count again once it is active.")
        case .active:
            break
        }

        // Rule 8: the click was issued.
        let clickName = "click_id \(MessageText.quoted(postback.clickID))"
        guard let click else {
            return reject(
                .unknownClick,
                "\(clickName) was never issued by ClickWall: the tracker must send back the id ClickWall put on the "
                    + "tracking link, not its own click id (Voluum {externalid}, not {clickid}).")
        }

        // Rule 9: the click belongs to this campaign.
        guard click.campaignID == campaign.id else {
            return reject(
                .campaignMismatch,
                "\(clickName) belongs to campaign \(click.campaignID), not \(campaign.id): each campaign's postback "
                    + "URL must carry its own campaign_id.")
        }

        // Rule 10: within the conversion window.
        let windowDays = max(0, campaign.conversionWindowDays)
        let age = now.timeIntervalSince(click.createdAt)
        if age > TimeInterval(windowDays) * 86_400 {
            let days = Int((age / 86_400).rounded(.down))
            return reject(
                .clickExpired,
                "\(clickName) was issued \(days == windowDays ? "more than \(days)" : "\(days)") days ago, outside "
                    + "\(campaignName)'s \(windowDays)-day conversion window: conversions count only within "
                    + "\(windowDays) days of the click.")
        }

        // Rule 11: parameters the campaign requires.
        let event = given("event")
        let amountText = given("amount")
        let txid = given("txid")
        if campaign.isMultiEvent, event == nil {
            let events = Self.eventList(campaign)
            return reject(
                .missingParameter,
                "event is missing: \(campaignName) has several events and needs event, one of \(events)"
                    + Self.hintClause("event", in: parameters))
        }
        if campaign.type == .cps, amountText == nil {
            return reject(
                .missingParameter,
                "amount is missing: \(campaignName) is cps and needs the sale amount in amount (e.g. amount=19.99)"
                    + Self.hintClause("amount", in: parameters))
        }
        if campaign.dedup == .clickTxid, txid == nil {
            return reject(
                .missingParameter,
                "txid is missing: \(campaignName) counts one conversion per transaction and needs its id in txid"
                    + Self.hintClause("txid", in: parameters))
        }

        // Rule 12: values valid.
        var payout: Money?
        if let text = given("payout") {
            guard let money = Money(text) else { return reject(.invalidParameter, Self.moneyMessage("payout", text)) }
            payout = money
        }
        var amount: Money?
        if let amountText {
            guard let money = Money(amountText) else {
                return reject(.invalidParameter, Self.moneyMessage("amount", amountText))
            }
            amount = money
        }
        var status = campaign.defaultConversionStatus
        let statusText = given("status")
        if let statusText {
            guard let parsed = ConversionStatus(rawValue: statusText) else {
                return reject(.invalidParameter, Self.statusMessage(statusText))
            }
            status = parsed
        }
        let currency = given("currency")
        if let currency, !CurrencyCodes.isActive(currency) {
            let upper = currency.uppercased()
            let fix =
                CurrencyCodes.isActive(upper)
                ? "codes are upper-case: write \(upper)" : "use a three-letter code such as USD or EUR"
            return reject(
                .invalidParameter, "currency \(MessageText.quoted(currency)) is not an ISO 4217 code: \(fix).")
        }
        if let event, let events = campaign.events, !events.isEmpty, events[event] == nil {
            let near = events.keys.sorted().first { $0.lowercased() == event.lowercased() }
            let fix = near.map { "did you mean \($0)? Event names are exact" } ?? "send one of them, exactly"
            return reject(
                .unknownEvent,
                "event \(MessageText.quoted(event)) is not one of \(campaignName)'s events "
                    + "(\(Self.eventList(campaign))): \(fix).")
        }

        let resolvedPayout = payout ?? event.flatMap { campaign.events?[$0] } ?? campaign.payout
        let dedupKey: String? =
            switch campaign.dedup {
            case .clickEvent: "\(postback.clickID)\u{1F}\(event ?? "")"
            case .clickTxid: "\(postback.clickID)\u{1F}\(txid ?? "")"
            case .none: nil
            }
        return .success(
            ConversionCandidate(
                campaignID: campaign.id, clickID: postback.clickID, event: event, status: status,
                statusGiven: statusText != nil, payout: resolvedPayout, payoutGiven: payout != nil, amount: amount,
                currency: currency, txid: txid,
                dedupKey: dedupKey, extraParameters: postback.extraParameters, warnings: postback.warnings))
    }

    private static func eventList(_ campaign: Campaign) -> String {
        MessageText.list((campaign.events ?? [:]).keys.sorted())
    }

    /// `; <hint>` when the request has a near miss for `name`, else `.`.
    private static func hintClause(_ name: String, in parameters: [QueryParameter]) -> String {
        ParameterHint.forMissing(name, in: parameters).map { "; \($0.clause)" } ?? "."
    }

    static func moneyMessage(_ name: String, _ text: String) -> String {
        let quoted = MessageText.quoted(text)
        let fix: String
        if text.contains(",") {
            fix = "it uses a comma — write decimals with a dot, e.g. \(text.replacingOccurrences(of: ",", with: "."))"
        } else if text.hasPrefix("-") {
            fix = "it is negative — amounts are 0 or more"
        } else if text.contains(where: { "$€£¥".contains($0) }) || text.contains(where: \.isLetter) {
            fix = "write the number only (e.g. 1.20); the currency goes in currency"
        } else {
            fix = "write digits with an optional '.' and decimals, e.g. 1.20"
        }
        return "\(name) \(quoted) is not a decimal amount: \(fix)."
    }

    private static func statusMessage(_ text: String) -> String {
        let lower = text.lowercased()
        let fix: String =
            if ConversionStatus(rawValue: lower) != nil {
                "status values are lower-case: write \(lower)"
            } else if ["rejected", "reject", "denied", "cancelled", "canceled"].contains(lower) {
                "write declined for a conversion that does not count"
            } else {
                "use pending, approved or declined"
            }
        return "status \(MessageText.quoted(text)) is not a conversion status: \(fix)."
    }
}
