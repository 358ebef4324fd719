extension TrackerProfile {
    /// Names of the custom profiles shipped in `fixtures/trackers/` and carried by the binary, sorted.
    public static var shippedNames: [String] { ShippedProfiles.texts.keys.sorted() }

    /// Names of every profile the binary carries: the built-in ones, then the shipped ones.
    public static var knownNames: [String] { builtInNames + shippedNames }

    /// Where the binary's own copy of a shipped profile is said to be, in messages.
    public static let shippedLocation = "built into postback-harness"

    /// The shipped profile named `name`, decoded from the text the binary carries (a test keeps
    /// that text equal to `fixtures/trackers/<name>.yaml`).
    public static func shipped(named name: String) -> TrackerProfile? {
        guard let text = ShippedProfiles.texts[name] else { return nil }
        return try? TrackerProfileLoader.load(yaml: text, file: "\(shippedLocation)/\(name).yaml").get()
    }

    /// The built-in or shipped profile named `name`, if any.
    public static func known(named name: String) -> TrackerProfile? {
        builtIn(named: name) ?? shipped(named: name)
    }
}

/// One macro of a tracker's catalogue: how the tracker's documentation writes it, what it is
/// filled with and where that is documented.
public struct CatalogueEntry: Sendable, Hashable {
    /// The macro's name (`clickid`, `app-id`).
    public var name: String
    /// As the documentation writes it: `(app-id)`, `{externalid}`.
    public var form: String
    public var value: MacroValue
    /// The page documenting it, if known.
    public var source: String?
}

extension TrackerProfile {
    /// Every macro the profile fills, sorted by name, with its documented form and source.
    public var catalogue: [CatalogueEntry] {
        macros.keys.sorted().map { name in
            CatalogueEntry(
                name: name, form: documentedForm(of: name), value: macros[name] ?? .empty, source: source(ofMacro: name)
            )
        }
    }

    /// A conversion to show example values with: an approved purchase of 9.99 USD paying 1.50.
    public static let exampleValues = ConversionValues(
        clickID: "cwclick0001", campaignID: "1234", event: "purchase", payout: "1.50", amount: "9.99",
        currency: "USD", txid: "tx-0001", status: "approved", trackerEvent: "f0ob4r", unixTime: 1_767_225_600)

    /// What macro `entry` sends for ``exampleValues``, after the tracker's vocabulary, unencoded.
    public func exampleValue(of entry: CatalogueEntry) -> String {
        let token = MacroToken(name: entry.name, syntax: macroForms[entry.name] ?? .braces, text: entry.form)
        switch entry.value {
        case .literal: return entry.form
        case .empty: return ""
        default: return value(of: token, named: entry.name, source: entry.value, values: Self.exampleValues) ?? ""
        }
    }
}
