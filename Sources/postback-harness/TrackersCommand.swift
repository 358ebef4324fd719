import ArgumentParser
import Trackers

/// `postback-harness trackers [NAME]`: the trackers the binary knows, or one tracker's macro
/// catalogue with what each macro sends and where it is documented.
struct TrackersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trackers",
        abstract: "List the trackers, or show one tracker's macros, their values and sources.",
        discussion: """
            Without NAME, one line per tracker the binary carries (built-in and shipped profiles). \
            With NAME (a tracker, or a profile file), every macro it fills: the form its \
            documentation writes, what it is filled with, an example value and the documenting page; \
            then the words its status or event macros send and how the tracker lets you change them.
            """
    )

    @Argument(help: "A tracker name or a profile file.")
    var name: String?

    func run() throws {
        guard let name else {
            print(Self.list())
            return
        }
        print(Self.describe(try TrackerArgument.profile(named: name)))
    }

    static func list() -> String {
        var lines = [
            "Trackers (built in: \(TrackerProfile.builtInNames.joined(separator: ", ")); shipped profiles: "
                + "\(TrackerProfile.shippedNames.joined(separator: ", "))):"
        ]
        let profiles = TrackerProfile.knownNames.compactMap(TrackerProfile.known(named:))
        let width = profiles.map(\.name.count).max() ?? 0
        for profile in profiles {
            let lint = TemplateLint(profile: profile)
            let click = lint.clickMacros.first ?? "-"
            lines.append(
                "  \(profile.name.padding(toLength: width, withPad: " ", startingAt: 0))  "
                    + "\(lint.trackerName): click id \(click), \(profile.macros.count) macros"
                    + (profile.source.map { ", \($0)" } ?? ""))
        }
        lines.append("Show one with: postback-harness trackers NAME")
        return lines.joined(separator: "\n")
    }

    static func describe(_ profile: TrackerProfile) -> String {
        let lint = TemplateLint(profile: profile)
        var lines = ["\(lint.trackerName) (\(profile.name))"]
        if let source = profile.source { lines.append("  documented at \(source)") }
        lines.append(
            "  syntax \(profile.macroSyntaxes.map(\.example).joined(separator: " ")); click id captured from "
                + profile.clickIDSource
                + " and sent back as \(lint.clickMacros.joined(separator: " or "))")
        lines.append("")
        lines.append("  macro | filled with | example | source")
        for entry in profile.catalogue {
            lines.append(
                "  \(entry.form) | \(entry.value.meaning) | \(profile.exampleValue(of: entry)) | \(entry.source ?? "-")"
            )
        }
        lines.append("")
        lines.append("  how it sends:")
        lines.append(contentsOf: sendingFacts(profile).map { "    " + $0 })
        for name in profile.vocabularies.keys.sorted() {
            guard let vocabulary = profile.vocabularies[name] else { continue }
            lines.append("")
            let form = profile.documentedForm(of: name)
            if vocabulary.words.isEmpty {
                lines.append("  \(form) words: as the tracker has them")
            } else {
                let words = vocabulary.words.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }
                lines.append("  \(form) words (ClickWall → \(lint.trackerName)): \(words.joined(separator: ", "))")
            }
            lines.append("    to change: \(vocabulary.change)")
            if let source = vocabulary.source { lines.append("    source: \(source)") }
        }
        return lines.joined(separator: "\n")
    }

    /// What the profile says about sending, one fact a line: what changes the request on the wire,
    /// which conversions are sent, and what counts as delivered.
    static func sendingFacts(_ profile: TrackerProfile) -> [String] {
        var facts = [
            "\(profile.method.rawValue.uppercased()), "
                + (profile.userAgent.map { "User-Agent '\($0)'" } ?? "no User-Agent")
                + ", timeouts \(profile.timeouts.connect.shorthand) to connect, \(profile.timeouts.total.shorthand) in all"
                + (profile.followsRedirects ? ", redirects followed" : ", redirects not followed")
        ]
        if profile.caseInsensitiveMacros { facts.append("macro names in any case (\(caseExample(profile)))") }
        if profile.encodesValues {
            let kept = profile.valueEncoding.kept.sorted().map(String.init).joined()
            facts.append(
                "values percent-encoded, a space as \(profile.valueEncoding.space.rawValue)"
                    + (kept.isEmpty ? "" : ", '\(kept)' kept as is"))
        } else {
            facts.append("values sent as they are, not encoded")
        }
        let defaults = profile.macroDefaults.sorted { $0.key < $1.key }
            .map { "\(profile.documentedForm(of: $0.key)) as '\($0.value)'" }
        facts.append(
            "a macro without a value: " + (defaults.isEmpty ? "" : defaults.joined(separator: ", ") + ", else ")
                + fallback(profile.missingValue) + "; an unknown macro: " + fallback(profile.unknownMacro))
        if case .fixed(let decimals) = profile.moneyFormat {
            facts.append("money with \(decimals) decimals (2.5 → \(profile.moneyFormat.format("2.5")))")
        }
        if let firing = profile.firingStatuses {
            facts.append(
                "sends only for \(firing.sorted().joined(separator: ", ")) conversions"
                    + (profile.firingStatusesChange.map { "; to change: \($0)" } ?? ""))
        }
        if !profile.zeroPayoutStatuses.isEmpty {
            facts.append("payout 0 for \(profile.zeroPayoutStatuses.sorted().joined(separator: ", ")) conversions")
        }
        if profile.postbackPercent < 100 { facts.append("sends \(profile.postbackPercent) % of conversions") }
        if profile.urlSplit != .none {
            facts.append("the postback field split at \(profile.urlSplit.separatorName): each URL sent on its own")
        }
        facts.append(
            "delivered when answered \(profile.successClasses.sorted().map(\.rawValue).joined(separator: " or "))"
                + (profile.upstreamReport == .alwaysSuccess ? "; reports \"success\" upstream whatever the answer" : "")
        )
        let retry = profile.retry
        facts.append(
            retry.conditions.isEmpty || retry.maxAttempts == 1
                ? "never sends again"
                : "sends again on \(retry.conditions.map(\.rawValue).sorted().joined(separator: ", ")), "
                    + "\(retry.maxAttempts) sends in all"
                    + (retry.delays.isEmpty ? "" : ", waiting \(retry.delays.map(\.shorthand).joined(separator: ", "))")
        )
        return facts
    }

    private static func fallback(_ fallback: MacroFallback) -> String {
        switch fallback {
        case .literal: "sent as written"
        case .encoded: "sent percent-encoded"
        case .empty: "sent empty"
        }
    }

    /// `[[C1]] is [[c1]]`: the click macro in capitals is the same macro.
    private static func caseExample(_ profile: TrackerProfile) -> String {
        let form = TemplateLint(profile: profile).clickMacros.first ?? profile.macroSyntaxes[0].render("c1")
        return "\(form.uppercased()) is \(form)"
    }
}
