/// The words a tracker puts in one macro (its status, its event), and what the tracker lets its
/// user do to send others, as its documentation says.
///
/// `words` maps ClickWall's value to the tracker's word: Keitaro's `{status}` sends `lead` for a
/// pending conversion, `sale` for an approved one and `rejected` for a declined one. A value the
/// map does not name is sent as it is. The simulator sends the tracker's word; `check` reports a
/// word ClickWall refuses, with ``change`` as the fix.
public struct ValueVocabulary: Sendable, Hashable {
    /// ClickWall's value → the tracker's word.
    public var words: [String: String]
    /// What the tracker itself offers to send other words, in its own terms (an inline mapping,
    /// one postback per status with a fixed value, an event mapping setting), one sentence.
    public var change: String
    /// The page that documents the words and the change.
    public var source: String?

    public init(words: [String: String] = [:], change: String, source: String? = nil) {
        self.words = words
        self.change = change
        self.source = source
    }

    /// The word the tracker sends for ClickWall's `value`.
    public func word(for value: String) -> String {
        words[value] ?? value
    }
}
