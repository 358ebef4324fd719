/// What rule 3 tells the advertiser about a macro left in a parameter the receiver uses.
enum MacroAdvice {
    /// One sentence: the parameter, the macro exactly as received, and what to put there instead —
    /// in the terms of `sender`, the tracker that sent it when the receiver can tell.
    static func message(parameter: String, macro: DetectedMacro, sender: TrackerHint? = nil) -> String {
        var message = "\(parameter) holds the unsubstituted macro \(MessageText.quoted(macro.text))"
        if macro.isPercentEncoded {
            message += " still percent-encoded after decoding, so the URL was encoded twice"
        }
        return message + ": " + advice(parameter: parameter, macro: macro, sender: sender) + "."
    }

    private static func advice(parameter: String, macro: DetectedMacro, sender: TrackerHint?) -> String {
        switch parameter {
        case "click_id": clickIDAdvice(macro, sender: sender)
        case "campaign_id":
            "put your ClickWall campaign id there — a fixed value from the dashboard, not a macro"
        case "token":
            "put the campaign's token from the dashboard's postback URL there — a fixed value, not a macro"
        case "event":
            "map the conversion to one of the campaign's event names, or use a macro your tracker fills with it"
        default:
            "\(sender.map { "\($0.displayName) (the sender)" } ?? "the tracker") does not know that macro — use one "
                + "it fills for \(parameter), or leave \(parameter) out"
        }
    }

    /// Which macro the tracker should use for the click id, where the macro or the sender tells us.
    private static func clickIDAdvice(_ macro: DetectedMacro, sender: TrackerHint?) -> String {
        let usual =
            sender.map { "\($0.displayName): \($0.clickIDMacro)" }
            ?? "AppsFlyer {clickid}, Voluum {externalid}, Keitaro and Binom {external_id}"
        let name = macro.name.lowercased()
        if name == "click_id", macro.syntax == .braces || macro.syntax == .encodedBraces {
            return "that is ClickWall's own placeholder — the tracker must put its own click-id macro there "
                + "(\(usual)); with Adjust, ClickWall fills it only when the callback travels on the tracking link"
        }
        if let sender {
            // The sender's own terms come before guesses from the macro's name.
            let fills =
                "\(sender.clickIDMacro), which \(sender.displayName) fills with the click id ClickWall passed in "
                + "'\(sender.clickParameter)' on the tracking link"
            guard sender.syntaxes.contains(macro.syntax) else {
                return "\(sender.displayName) (the sender) fills no macro written that way and sent it as it is — "
                    + "write \(fills)"
            }
            guard name == MacroDetector.firstMacro(in: sender.clickIDMacro)?.name.lowercased() else {
                return "\(sender.displayName) (the sender) did not fill it — use \(fills)"
            }
            if sender.sendsEmptyWhenMissing {
                return "\(sender.displayName) (the sender) sends an empty value when it has no click id, so this URL "
                    + "never went through its macro replacement (sent by hand or by another tool) — let "
                    + "\(sender.displayName) fire it, or put a real click id there"
            }
            return "\(sender.displayName) (the sender) had no click id to fill it with — its tracking link must "
                + "pass ClickWall's {click_id} in '\(sender.clickParameter)'"
        }
        switch name {
        case "clickid":
            return "the tracker had no value for it — AppsFlyer fills {clickid} only when the attribution link "
                + "carries clickid={click_id}, and Voluum or Binom would fill it with their own id, so use "
                + "{externalid} there"
        case "externalid", "external_id":
            return "the tracker had no external id — set the traffic source's External ID parameter to the one "
                + "ClickWall's tracking link passes the click id in"
        case "subid", "sub_id":
            return "{subid} is Keitaro's own click id and was not filled — use {external_id}, the id ClickWall passed"
        default:
            return "the tracker did not fill it — use the macro your tracker fills with the click id ClickWall "
                + "passed on the tracking link (\(usual))"
        }
    }
}
