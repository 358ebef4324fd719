/// How many skipped scenarios a run may have and still pass (`run --allow-skipped N`).
///
/// A run in which every scenario was skipped never passes, whatever the allowance: nothing was
/// tested (DESIGN §6). Otherwise a run passes its skips when at most ``allowed`` runs were
/// skipped.
public struct SkipAllowance: Sendable, Hashable {
    /// Skipped scenario runs the run may have; 0 by default.
    public var allowed: Int

    public init(allowed: Int = 0) {
        self.allowed = allowed
    }

    /// Why the skips in `results` fail the run, with each reason and the scenarios it skipped;
    /// `nil` when they do not.
    public func violation(in results: [ScenarioResult]) -> String? {
        let skipped = results.filter { $0.skipReason != nil }
        guard !skipped.isEmpty else { return nil }
        let head: String
        if skipped.count == results.count {
            let which =
                skipped.count == 1
                ? "the 1 selected scenario run was" : "all \(skipped.count) selected scenario runs were"
            head = "error: \(which) skipped: nothing was tested, so the run fails:"
        } else if skipped.count > allowed {
            let runs = skipped.count == 1 ? "1 scenario run was" : "\(skipped.count) scenario runs were"
            head = "error: \(runs) skipped, more than --allow-skipped \(allowed) permits:"
        } else {
            return nil
        }
        var order: [String] = []
        var names: [String: [String]] = [:]
        for result in skipped {
            let reason = result.skipReason ?? ""
            if names[reason] == nil { order.append(reason) }
            names[reason, default: []].append("\(result.displayName) (\(result.file))")
        }
        var lines = [head]
        for reason in order {
            let scenarios = names[reason] ?? []
            lines.append("  \(scenarios.count) skipped: \(reason)")
            for name in scenarios.prefix(Self.namesPerReason) { lines.append("      \(name)") }
            if scenarios.count > Self.namesPerReason {
                lines.append("      … and \(scenarios.count - Self.namesPerReason) more")
            }
        }
        if skipped.count < results.count {
            lines.append("  give --allow-skipped \(skipped.count) to accept these skips")
        }
        return lines.joined(separator: "\n")
    }

    /// Scenarios named under each reason before the rest are only counted.
    static let namesPerReason = 5
}
