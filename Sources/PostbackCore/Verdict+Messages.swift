extension Verdict {
    /// Rule 13, first conversion for its dedup key: committed and counted.
    public static func accepted(conversionID: String) -> Verdict {
        Verdict(
            result: .accepted, conversionID: conversionID,
            message: "conversion \(conversionID) recorded: it counts in the campaign's statistics.", httpStatus: 200)
    }

    /// Rule 13, the same key again with the same or no `status`: answered 200 so a retrying
    /// tracker stops, not counted again.
    public static func duplicate(conversionID: String) -> Verdict {
        Verdict(
            result: .duplicate, conversionID: conversionID,
            message: "duplicate of conversion \(conversionID): already recorded, not counted again — the tracker can "
                + "stop retrying.",
            httpStatus: 200)
    }

    /// Rule 13, the same key again with a different `status`: the conversion's status changes.
    public static func statusUpdated(conversionID: String, from old: ConversionStatus, to new: ConversionStatus)
        -> Verdict
    {
        Verdict(
            result: .statusUpdated, conversionID: conversionID,
            message: "conversion \(conversionID) changed from \(old.rawValue) to \(new.rawValue): the statistics "
                + "follow the new status.",
            httpStatus: 200)
    }

    /// A rejection by one of rules 1–12, as answered.
    public static func rejected(_ rejection: Rejection) -> Verdict { Verdict(rejection) }
}
