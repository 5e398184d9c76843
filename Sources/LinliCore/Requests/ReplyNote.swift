/// The note of a `replied` event: the staff member's text and, when it went to a linked
/// resident (a follower) rather than to the resident who opened the request, to whom.
///
/// Status answers show each resident only the replies addressed to them, so the addressee
/// must be kept with the event. Stores keep a note as one text column, and a new column
/// would be a migration on every backend for one field of one kind of event, so the
/// addressee travels inside the note: a reply to the opener is stored as its bare text (as
/// every reply was before followers could be addressed), and any other as
///
///     RS <scalar count of the addressee> RS <addressee><text>
///
/// with RS the control character U+001E, which no chat client sends. The count, not a
/// second separator, ends the addressee, so no id or text can be misread; a text to the
/// opener that itself starts with RS is stored in the long form with an empty addressee.
public struct ReplyNote: Sendable, Equatable {
    /// The follower the reply went to; nil for the resident who opened the request.
    public var addressee: String?
    /// What the staff member wrote.
    public var text: String

    private static let separator: Unicode.Scalar = "\u{1E}"

    /// Creates a note.
    public init(addressee: String?, text: String) {
        self.addressee = addressee
        self.text = text
    }

    /// Reads a stored note; one not in the long form is a reply to the opener.
    public init(_ note: String) {
        self.init(addressee: nil, text: note)
        let scalars = note.unicodeScalars
        guard scalars.first == Self.separator else { return }
        let countStart = scalars.index(after: scalars.startIndex)
        guard let countEnd = scalars[countStart...].firstIndex(of: Self.separator),
              let count = Int(String(scalars[countStart..<countEnd])), count >= 0 else { return }
        let idStart = scalars.index(after: countEnd)
        guard let idEnd = scalars.index(idStart, offsetBy: count, limitedBy: scalars.endIndex) else { return }
        addressee = count == 0 ? nil : String(scalars[idStart..<idEnd])
        text = String(scalars[idEnd...])
    }

    /// The text to store as the event's note.
    public var note: String {
        let addressee = addressee ?? ""
        if addressee.isEmpty && text.unicodeScalars.first != Self.separator { return text }
        let separator = String(Self.separator)
        return separator + String(addressee.unicodeScalars.count) + separator + addressee + text
    }

    /// Whether the reply was addressed to `resident`, given who opened the request.
    public func isAddressed(to resident: String, openedBy opener: String) -> Bool {
        (addressee ?? opener).isSameID(resident)
    }
}
