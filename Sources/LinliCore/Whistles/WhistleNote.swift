/// The note of a `whistled` event: the department called and what the whistler wrote.
///
/// Stores keep a note as one text column (see `ReplyNote`), so the department travels
/// inside it, ended by the control character U+001E, which no chat client sends and no
/// configured department name contains.
public struct WhistleNote: Sendable, Equatable {
    /// The department's name, as its staff entries are named.
    public var department: String
    /// What the whistler wrote: the problem the community cannot solve alone.
    public var text: String

    private static let separator: Character = "\u{1E}"

    /// Creates a note.
    public init(department: String, text: String) {
        self.department = department
        self.text = text
    }

    /// Reads a stored note; one without the separator is all department.
    public init(_ note: String) {
        guard let end = note.firstIndex(of: Self.separator) else {
            self.init(department: note, text: "")
            return
        }
        self.init(department: String(note[..<end]), text: String(note[note.index(after: end)...]))
    }

    /// The text to store as the event's note.
    public var note: String { department + String(Self.separator) + text }
}

extension Engine {
    /// A stored `whistled` note as people read it: 城管：占道经营需要执法.
    public func whistleNote(_ note: String) -> String {
        let whistle = WhistleNote(note)
        return responses.render(.whistleEventNote, ["department": whistle.department, "text": whistle.text])
    }
}
