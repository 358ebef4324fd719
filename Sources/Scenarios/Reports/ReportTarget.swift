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

    /// Every report that `--report` values ask for, each value one `KIND:PATH` or several
    /// separated by commas (`junit:a.xml,json:b.json,html:out`), in the order given.
    ///
    /// - Throws: ``ReportTargetError`` naming the first value that cannot be used: an empty
    ///   part, an unknown kind, a missing path, or a path asked for twice.
    public static func parseAll(_ arguments: [String]) throws(ReportTargetError) -> [ReportTarget] {
        var targets: [ReportTarget] = []
        for argument in arguments {
            let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
            for part in parts {
                guard !part.isEmpty else {
                    throw ReportTargetError(
                        "--report '\(argument)' has an empty part; separate junit:FILE, json:FILE and html:DIR with single commas"
                    )
                }
                let target = try ReportTarget(argument: String(part))
                if let earlier = targets.first(where: { $0.path == target.path }) {
                    throw ReportTargetError(
                        "--report '\(target)': '\(target.path)' is already the path of --report '\(earlier)'")
                }
                targets.append(target)
            }
        }
        return targets
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

    /// Whether the report can be written: the path is not a folder (for a file) or a file (for
    /// a folder), no folder on the way is a file, and a file can be made in the folder it goes
    /// in (which is created when missing, as writing the report would). `nil` when it can.
    public func problem() -> String? {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let folder: String
        switch self {
        case .junit, .json:
            if exists && isDirectory.boolValue { return "--report '\(self)': '\(path)' is a folder, not a file" }
            if exists && !FileManager.default.isWritableFile(atPath: path) {
                return "--report '\(self)': '\(path)' cannot be written (no permission)"
            }
            let parent = (path as NSString).deletingLastPathComponent
            folder = parent.isEmpty ? "." : parent
        case .html:
            if exists && !isDirectory.boolValue { return "--report '\(self)': '\(path)' is a file, not a folder" }
            folder = path
        }
        var ancestor = folder
        while !FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
            let up = (ancestor as NSString).deletingLastPathComponent
            guard !up.isEmpty, up != ancestor else { break }
            ancestor = up
        }
        if FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDirectory), !isDirectory.boolValue {
            return "--report '\(self)': '\(ancestor)' is a file, not a folder"
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            return "--report '\(self)': cannot create the folder '\(folder)': \(Self.reason(error))"
        }
        let probe = (folder as NSString).appendingPathComponent(".postback-harness-probe-\(getpid())")
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            return "--report '\(self)': cannot write in '\(folder)': \(String(cString: strerror(errno)))"
        }
        close(descriptor)
        unlink(probe)
        return nil
    }

    private static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        return error.localizedDescription
    }

    private static func createParent(of file: String) throws {
        let parent = (file as NSString).deletingLastPathComponent
        guard !parent.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    }
}
