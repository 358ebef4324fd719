/// The names of the postback parameters ClickWall reads (the guide, DESIGN §3) that faults edit.
public enum ClickWallParameter {
    public static let clickID = "click_id"
    public static let campaignID = "campaign_id"
    public static let payout = "payout"
}
