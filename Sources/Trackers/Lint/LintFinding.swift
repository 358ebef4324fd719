/// One problem ``TemplateLint`` found in a postback template: what is wrong, why it matters
/// and the fix, in sentences a person can act on.
public struct LintFinding: Sendable, Hashable, Codable {
    /// How bad a finding is: an `error` makes ClickWall reject or lose the postback; a `warning`
    /// is recorded but worth fixing.
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    /// A stable name for the kind of mistake (`html_entity`, `wrong_click_macro`, …).
    public var code: LintCode
    public var severity: Severity
    /// The parameter the finding is about, if any.
    public var parameter: String?
    /// What is wrong and what it does to the postback, one or two sentences.
    public var problem: String
    /// What to change, one sentence.
    public var fix: String

    public init(code: LintCode, severity: Severity = .error, parameter: String? = nil, problem: String, fix: String) {
        self.code = code
        self.severity = severity
        self.parameter = parameter
        self.problem = problem
        self.fix = fix
    }

    enum CodingKeys: String, CodingKey { case code, severity, parameter, problem, fix }

    /// Every key is always present (`parameter` is `null` when the finding has none).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(severity, forKey: .severity)
        try container.encode(parameter, forKey: .parameter)
        try container.encode(problem, forKey: .problem)
        try container.encode(fix, forKey: .fix)
    }
}
