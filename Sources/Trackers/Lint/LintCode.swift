/// The kinds of mistake ``TemplateLint`` finds; raw values are stable names for tools
/// (`check --format json`).
public enum LintCode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Whitespace around the template, or a space or tab inside it.
    case whitespace
    /// A line break inside the template (pasted over several lines).
    case lineBreak = "line_break"
    /// A field the tracker splits into several URLs (``TrackerProfile/urlSplit``): each is sent on
    /// its own, so a stray space makes two sends.
    case splitField = "split_field"
    /// The whole URL is percent-encoded (`https%3A%2F%2F…`).
    case encodedURL = "encoded_url"
    /// A callback on an Adjust click link that is not URL-encoded: its `&…` parameters become the
    /// link's own.
    case unencodedCallback = "unencoded_callback"
    /// No `https://` in front.
    case missingScheme = "missing_scheme"
    /// `http://` where ClickWall's guide gives `https://`.
    case insecureScheme = "insecure_scheme"
    /// A host that is not `clickwall.net`.
    case wrongHost = "wrong_host"
    /// A port other than the scheme's (443 for https, 80 for http): ClickWall does not listen there.
    case wrongPort = "wrong_port"
    /// A path that is not `/postback/advertiser`.
    case wrongPath = "wrong_path"
    /// A `#` outside a macro: what follows is never sent.
    case fragment
    /// A second `?` inside the query.
    case secondQuestionMark = "second_question_mark"
    /// `&amp;` copied from an HTML page.
    case htmlEntity = "html_entity"
    /// A piece of the query without `=` (an unencoded `&` inside a value).
    case bareParameter = "bare_parameter"
    /// The same parameter twice.
    case repeatedParameter = "repeated_parameter"
    /// `campaign_id` or `click_id` absent, with nothing that looks like it.
    case missingParameter = "missing_parameter"
    /// A parameter name changed: `clickid`, `Click_ID`, `click-id`, `Payout`.
    case renamedParameter = "renamed_parameter"
    /// Name and macro swapped: `{clickid}=click_id`.
    case swappedParameter = "swapped_parameter"
    /// A required parameter with an empty value.
    case emptyValue = "empty_value"
    /// `click_id` holds a macro that is not this tracker's macro for ClickWall's click id.
    case wrongClickMacro = "wrong_click_macro"
    /// `click_id` holds a fixed value instead of a macro.
    case fixedClickID = "fixed_click_id"
    /// A macro this tracker does not know: sent literally.
    case unknownMacro = "unknown_macro"
    /// A macro written percent-encoded (`%7Bclickid%7D`) where the tracker fills only the plain form.
    case encodedMacro = "encoded_macro"
    /// `%25XX`: a value encoded twice.
    case doubleEncoded = "double_encoded"
    /// `campaign_id` holds a macro instead of the fixed campaign id.
    case campaignMacro = "campaign_macro"
    /// `campaign_id` is not the campaign given with `--campaign`.
    case campaignMismatch = "campaign_mismatch"
    /// A macro the tracker fills with something other than what the parameter needs (a device id
    /// in `payout`, Adjust's event token in `event`).
    case wrongMacroKind = "wrong_macro_kind"
    /// A macro whose words ClickWall refuses (Keitaro's `{status}` sends `lead`, `sale`, `rejected`).
    case refusedVocabulary = "refused_vocabulary"
    /// A fixed value ClickWall will refuse: a payout with a comma, a currency that is not ISO 4217.
    case invalidValue = "invalid_value"
}
