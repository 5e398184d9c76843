import Foundation

/// One change in a request's history: who, when, what, and a note. Never rewritten.
public struct RequestEvent: Sendable, Codable, Equatable {
    /// What happened.
    public enum Kind: String, Sendable, Codable {
        case opened, assigned, claimed, replied, resolved, rated, cancelled, reopened, reassigned, attached, linked
        /// A resident's personal data was removed from the request (they unsubscribed).
        case erased
        // Deadlines (core): staff asked for more time, an admin granted it, the resident nudged.
        case extensionRequested = "extension_requested", extensionApproved = "extension_approved", nudged
    }

    /// The request's number.
    public var request: Int
    /// What happened.
    public var kind: Kind
    /// Who did it: a user id, or `system`.
    public var actor: String
    /// When.
    public var at: Date
    /// A note: the reply text, the target of a reassignment, the rating.
    public var note: String?

    /// Creates an event.
    public init(request: Int, kind: Kind, actor: String, at: Date, note: String? = nil) {
        self.request = request
        self.kind = kind
        self.actor = actor
        self.at = at
        self.note = note
    }
}
