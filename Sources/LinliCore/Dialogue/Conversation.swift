import Foundation

/// What linli remembers of a user between messages: the form being filled, the question of
/// which intent a message meant, the last request, the request waiting for a rating, and how
/// often in a row it did not understand.
public struct Conversation: Sendable, Codable, Equatable {
    /// A request being put together.
    public struct Form: Sendable, Codable, Equatable {
        /// The intent id.
        public var intent: String
        /// Slots given so far.
        public var slots: [String: String]
        /// The resident's own words, every turn of the form.
        public var text: String
        /// Attachments given while the form was open.
        public var attachments: [String]
        /// The slot being asked for, if any.
        public var asking: String?
        /// Whether the resident is being asked to confirm.
        public var confirming: Bool
        /// The first location shared while the form was open; optional, so that
        /// conversations stored before it decode.
        public var place: Place?

        /// Creates a form.
        public init(intent: String, slots: [String: String], text: String, attachments: [String] = [], asking: String? = nil, confirming: Bool = false) {
            self.intent = intent
            self.slots = slots
            self.text = text
            self.attachments = attachments
            self.asking = asking
            self.confirming = confirming
        }
    }

    /// The channel-qualified user id.
    public var userID: String
    /// The form being filled, if any.
    public var form: Form?
    /// The question asked because linli could not tell what a message meant, if unanswered.
    /// Optional, so conversations stored before it existed still read back.
    public var question: IntentQuestion?
    /// The last request this user opened or was linked to.
    public var lastRequest: Int?
    /// A resolved request waiting for this user's rating.
    public var awaitingRating: Int?
    /// The task an admin is publishing (发布任务), asked field by field. Optional, so
    /// conversations stored before it existed still read back.
    public var taskDraft: TaskDraft?
    /// The 双报到 registration being asked for, if any. Optional, so conversations stored
    /// before it existed still read back.
    public var enrolment: EnrolmentDraft?
    /// A staff member's 办结 N, when it was their last command: a photo soon after closes
    /// with it. Optional, so conversations stored before it existed still read back.
    public var recentClosing: RecentClosing?
    /// Misunderstood messages in a row.
    public var misunderstandings: Int
    /// When the user last wrote.
    public var updatedAt: Date

    /// A new conversation.
    public init(userID: String, updatedAt: Date) {
        self.userID = userID
        self.form = nil
        self.question = nil
        self.lastRequest = nil
        self.awaitingRating = nil
        self.taskDraft = nil
        self.enrolment = nil
        self.recentClosing = nil
        self.misunderstandings = 0
        self.updatedAt = updatedAt
    }
}
