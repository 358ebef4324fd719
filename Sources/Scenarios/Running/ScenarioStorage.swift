import Foundation

/// Where a scenario's embedded receiver keeps its data: in memory for the usual scenario, in a
/// SQLite file in a private temporary folder for a big one (more than ``fileThreshold`` clicks
/// and postbacks), so that a million of each stay out of the process's memory. The folder is
/// removed with ``remove()``.
struct ScenarioStorage {
    /// Clicks plus postbacks above which a scenario's store is a temporary file.
    static let fileThreshold = 100_000

    /// The database file, `nil` for an in-memory store.
    let path: String?
    private let folder: URL?

    init(for scenario: Scenario) throws {
        guard Self.rows(of: scenario) > Self.fileThreshold else {
            path = nil
            folder = nil
            return
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("postback-harness-\(getpid())-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.folder = folder
        path = folder.appendingPathComponent("scenario.sqlite").path
    }

    /// How many clicks and postbacks the scenario makes, at least (retries aside).
    static func rows(of scenario: Scenario) -> Int {
        let clicks = scenario.clicks.reduce(0) { $0 + max(0, $1.count) }
        let postbacks = scenario.traffic.reduce(0) { total, step in
            let templates = scenario.tracker(named: step.tracker)?.postbacks.count ?? 1
            return total + max(0, step.convert) * max(1, step.count ?? 1) * templates
        }
        return clicks + postbacks
    }

    /// Deletes the temporary folder, if any.
    func remove() {
        guard let folder else { return }
        try? FileManager.default.removeItem(at: folder)
    }
}
