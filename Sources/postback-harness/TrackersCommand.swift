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
}
