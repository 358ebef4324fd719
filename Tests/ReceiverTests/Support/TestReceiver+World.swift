import Foundation
import PostbackTesting

extension TestReceiver {
    /// Campaigns and clicks that between them let a postback reach every rule of DESIGN §3.
    ///
    /// | campaign | set-up | clicks |
    /// |---|---|---|
    /// | `c1` | active cpi 1.20, tracking link | `clk1`, `clkold` (40 days old) |
    /// | `c2` | active cpi | `clk2` |
    /// | `tok` | active, token `s3cret` | `clktok` |
    /// | `pend` | pending | `clkp` |
    /// | `appr` | approved, not started | `clka` |
    /// | `multi` | active, events install 1.00 / purchase 5.00 | `clkm` |
    /// | `cps` | active cps | `clks` |
    func makeWorld() async throws {
        try await putCampaign(
            "c1",
            #"{"status":"active","type":"cpi","payout":"1.20","tracking_link":"https://trk.example/c?cid={click_id}"}"#)
        try await putCampaign("c2", #"{"status":"active","type":"cpi","payout":"2.00"}"#)
        try await putCampaign("tok", #"{"status":"active","type":"cpa","payout":"3.00","token":"s3cret"}"#)
        try await putCampaign("pend", #"{"status":"pending","type":"cpi","payout":"1.00"}"#)
        try await putCampaign("appr", #"{"status":"approved","type":"cpi","payout":"1.00"}"#)
        try await putCampaign(
            "multi", #"{"status":"active","type":"cpa","payout":"0.50","events":{"install":"1.00","purchase":"5.00"}}"#)
        try await putCampaign("cps", #"{"status":"active","type":"cps","payout":"0"}"#)
        try await addClicks("c1", ["clk1"])
        try await addClicks("c1", ["clkold"], createdAt: Date().addingTimeInterval(-40 * 86_400))
        try await addClicks("c2", ["clk2"])
        try await addClicks("tok", ["clktok"])
        try await addClicks("pend", ["clkp"])
        try await addClicks("appr", ["clka"])
        try await addClicks("multi", ["clkm"])
        try await addClicks("cps", ["clks"])
    }
}
