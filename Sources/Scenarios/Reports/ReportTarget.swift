import Foundation

/// One `--report KIND:PATH` of `run`: JUnit XML to a file, JSON to a file, or an HTML page
/// into a folder.
public enum ReportTarget: Sendable, Hashable, CustomStringConvertible {
    case junit(file: String)
    case json(file: String)
    case html(folder: String)

    /// Parses `junit:FILE`, `json:FILE` or `html:DIR`.
    ///
    /// - Throws: ``ReportTargetError`` naming the value and what is accepted.
    public init(argument: String) throws(ReportTargetError) {
        guard let colon = argument.firstIndex(of: ":") else {
            throw ReportTargetError(
                "--report '\(argument)' needs a kind and a path: junit:FILE, json:FILE or html:DIR")
        }
        let kind = argument[..<colon].lowercased()
        let path = String(argument[argument.index(after: colon)...])
        guard !path.isEmpty else {
            throw ReportTargetError("--report '\(argument)' has no path after '\(kind):'")
        }
        switch kind {
        case "junit": self = .junit(file: path)
        case "json": self = .json(file: path)
        case "html": self = .html(folder: path)
        default:
            throw ReportTargetError(
                "--report '\(argument)': unknown kind '\(kind)'; use junit:FILE, json:FILE or html:DIR")
        }
    }

    /// Where the report goes.
    public var path: String {
        switch self {
        case .junit(let file), .json(let file): file
        case .html(let folder): folder
        }
    }

    public var description: String {
        switch self {
        case .junit(let file): "junit:\(file)"
        case .json(let file): "json:\(file)"
        case .html(let folder): "html:\(folder)"
        }
    }

    /// Writes the report of `results`; returns the file written.
    @discardableResult
    public func write(
        _ results: [ScenarioResult], elapsed: Duration, started: Date, text: TextReport = TextReport()
    ) throws -> String {
        switch self {
        case .junit(let file):
            let xml = JUnitReport(text: text).render(results, elapsed: elapsed, started: started)
            try Self.createParent(of: file)
            try Data(xml.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
            return file
        case .json(let file):
            let data = try JSONReport().render(results, elapsed: elapsed, started: started)
            try Self.createParent(of: file)
            try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: file), options: .atomic)
            return file
        case .html(let folder):
            return try HTMLReport().write(results, elapsed: elapsed, started: started, to: folder)
        }
    }

    /// Whether the report could be written: the folder it goes in exists or can be made, and
    /// the path is not a folder (for a file) or a file (for a folder). `nil` when it can.
    public func problem() -> String? {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        switch self {
        case .junit, .json:
            if exists && isDirectory.boolValue { return "--report '\(self)': '\(path)' is a folder, not a file" }
        case .html:
            if exists && !isDirectory.boolValue { return "--report '\(self)': '\(path)' is a file, not a folder" }
        }
        return nil
    }

    private static func createParent(of file: String) throws {
        let parent = (file as NSString).deletingLastPathComponent
        guard !parent.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    }
}
