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
        /// The timer's steps (Escalation/): 催办 at yellow, the grid leader told at red, 督办 by
        /// the admins a working day later, 通报 to the street five working days later, and
        /// the resident asked for the rating when the revisit time ends.
        case reminded, escalated, supervised, reportedToStreet = "reported_to_street", revisitReminded = "revisit_reminded"
        /// A resident thanked the member who fulfilled their 微心愿 (Wishes/); the note is their words.
        case thanked
        /// 社区吹哨: staff called a department (the note is a `WhistleNote`); 部门报到: the
        /// department answered (the note is the department's name).
        case whistled, whistleAnswered = "whistle_answered"
        /// The timer reminded a department that had not answered a whistle in time (the note
        /// is the department's name).
        case whistleReminded = "whistle_reminded"
        /// A notice to the resident could not be delivered, through the chat or as a 订阅通知:
        /// staff must call them (the note is the notice's kind, e.g. `resolved`).
        case callBack = "call_back"
        /// Staff recorded with 已告知 N that they told the resident by phone.
        case calledBack = "called_back"
        /// An admin confirmed a match of this need with an offer (确认匹配); the note is the offer's id.
        case matched
        /// A photo, recording, video or file could not be fetched (expired, too large, not
        /// what it claimed to be): the note is the platform's URL or media id.
        case attachmentLost = "attachment_lost"
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
