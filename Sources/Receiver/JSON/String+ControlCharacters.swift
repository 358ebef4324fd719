extension StringProtocol {
    /// Whether any scalar is a control character (C0, DEL, C1): such text is refused as input.
    var containsControlCharacters: Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
