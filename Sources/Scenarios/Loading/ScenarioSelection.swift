import Trackers

/// Which scenarios `run --filter/--tag` selects, ignoring case: a scenario runs when its name
/// matches the `filter` regular expression (if given) and it has any of the `tags` (if given).
public struct ScenarioSelection: Sendable, Hashable {
    /// A regular expression searched for in scenario names, ignoring case.
    public var filter: String?
    /// Tags of which a scenario needs any one, compared ignoring case.
    public var tags: [String]

    public init(filter: String? = nil, tags: [String] = []) {
        self.filter = filter
        self.tags = tags
    }

    /// Whether anything narrows the selection.
    public var isNarrowing: Bool { filter != nil || !tags.isEmpty }

    /// The scenarios selected, in input order.
    ///
    /// - Throws: when ``filter`` is not a valid regular expression.
    public func select(_ scenarios: [Scenario]) throws -> [Scenario] {
        let regex = try filter.map { try Regex($0).ignoresCase() }
        let wanted = Set(tags.map { $0.lowercased() })
        return scenarios.filter { scenario in
            if let regex, (try? regex.firstMatch(in: scenario.name)) == nil { return false }
            if !wanted.isEmpty, !scenario.tags.contains(where: { wanted.contains($0.lowercased()) }) { return false }
            return true
        }
    }

    /// What to say when nothing is selected from `scenarios`: the selection asked for, then the
    /// scenario names and the tags nearest to it (those with the fewest edits, in input order
    /// among equals), at most `limit` of each.
    public func nothingSelected(from scenarios: [Scenario], in paths: [String], limit: Int = 5) -> String {
        var asked: [String] = []
        if let filter { asked.append("--filter '\(filter)'") }
        for tag in tags { asked.append("--tag '\(tag)'") }
        var lines = ["error: no scenario to run in \(paths.joined(separator: " "))"]
        guard isNarrowing, !scenarios.isEmpty else { return lines[0] }
        lines[0] += " with \(asked.joined(separator: " ")) (names and tags are matched ignoring case)"
        let terms = ([filter.map(Self.literalText)].compactMap { $0 } + tags.map { $0.lowercased() })
            .filter { !$0.isEmpty }
        func distance(_ text: String) -> Int {
            let lowered = text.lowercased()
            return terms.map { NearestName.substringDistance($0, in: lowered) }.min() ?? 0
        }
        let names = scenarios.enumerated().map {
            (offset: $0.offset, scenario: $0.element, distance: distance($0.element.name))
        }
        .sorted { ($0.distance, $0.offset) < ($1.distance, $1.offset) }
        var seenNames = Set<String>()
        lines.append("  nearest names:")
        for entry in names where seenNames.insert(entry.scenario.name).inserted {
            lines.append("    \(entry.scenario.name)  (\(entry.scenario.file))")
            if seenNames.count == limit { break }
        }
        var allTags: [String] = []
        for tag in scenarios.flatMap(\.tags) where !allTags.contains(tag) { allTags.append(tag) }
        let nearestTags = allTags.enumerated().map {
            (offset: $0.offset, tag: $0.element, distance: distance($0.element))
        }
        .sorted { ($0.distance, $0.offset) < ($1.distance, $1.offset) }.prefix(limit).map(\.tag)
        lines.append(
            nearestTags.isEmpty ? "  no scenario has a tag" : "  nearest tags: \(nearestTags.joined(separator: ", "))")
        lines.append("  (--list without --filter and --tag lists all \(scenarios.count))")
        return lines.joined(separator: "\n")
    }

    /// The letters, digits, spaces and dashes of a regular expression, lowercased: what it
    /// most likely meant to find, to measure names against.
    static func literalText(_ pattern: String) -> String {
        String(pattern.lowercased().filter { $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_" })
    }
}
