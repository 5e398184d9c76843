import Foundation
import LinliNLU

/// A request handed in whole by another system (Open311's POST) rather than built up turn by
/// turn in a chat: the intent and its slots are already known.
public struct Submission: Sendable, Equatable {
    /// Who reports it: a system's own id, never a resident's.
    public var reporter: UserID
    /// Unique per submission; a second submission with the same key is a retry of the first.
    public var key: String
    /// The intent, which must open requests.
    public var intent: String
    /// The slots, every required one of the intent among them.
    public var slots: [String: String]
    /// The reporter's words, what staff are told.
    public var text: String
    /// Where, as a point (latitude, longitude), kept like a location shared in the chat.
    public var latitude: Double?
    /// See ``latitude``.
    public var longitude: Double?
    /// A picture, by URL, kept like one sent in the chat.
    public var mediaURL: String?
    /// When it arrived.
    public var receivedAt: Date

    /// Creates a submission.
    public init(reporter: UserID, key: String, intent: String, slots: [String: String], text: String,
                latitude: Double? = nil, longitude: Double? = nil, mediaURL: String? = nil, receivedAt: Date) {
        self.reporter = reporter
        self.key = key
        self.intent = intent
        self.slots = slots
        self.text = text
        self.latitude = latitude
        self.longitude = longitude
        self.mediaURL = mediaURL
        self.receivedAt = receivedAt
    }
}

/// What became of a submission.
public struct SubmissionReceipt: Sendable, Equatable {
    /// The request that carries it: a new one, or the open one of another reporter it was linked to.
    public var number: Int
    /// What the chat would have answered, for the submitter to show.
    public var notice: String
    /// Whether this was a retry, answered from the first submission's record.
    public var duplicate: Bool

    /// Creates a receipt.
    public init(number: Int, notice: String, duplicate: Bool) {
        self.number = number
        self.notice = notice
        self.duplicate = duplicate
    }
}

extension Engine {
    /// Opens the request `submission` describes exactly as a chat report that completed its
    /// form: linked to another reporter's open request about the same shared place, or opened,
    /// routed to its grid and announced to staff through the outbox, in one transaction with a
    /// dedupe row under the submission's key, so that a retry opens nothing and gets the same receipt.
    ///
    /// - Throws: `CoreError(.invalidSubmission)` when the intent opens no request or a required
    ///   slot is missing (callers check both first: this is the engine's own guard), or the store's error.
    public func submit(_ submission: Submission) throws -> SubmissionReceipt {
        guard let intent = nlu.catalog.intent(submission.intent), intent.opensRequest else {
            throw CoreError(.invalidSubmission, "intent \(submission.intent) opens no request")
        }
        if let missing = intent.requiredSlots.first(where: { (submission.slots[$0] ?? "").isEmpty }) {
            throw CoreError(.invalidSubmission, "slot \(missing) is required for \(submission.intent)")
        }
        let handled = try store.handleOnce(key: submission.reporter.dedupeKey(messageID: submission.key)) { transaction in
            // Routed as a chat message is: to the members of 双报到 as they are now.
            try roster.refresh(from: transaction)
            return try record(submission, kind: intent.kind, in: transaction)
        }
        // The recorded replies are the number and the notice (see `record`), so a retry reads them back.
        guard handled.replies.count == 2, let number = Int(handled.replies[0]) else {
            throw CoreError(.storeFailure, "submission \(submission.key) has no recorded request number")
        }
        return SubmissionReceipt(number: number, notice: handled.replies[1], duplicate: handled.duplicate)
    }

    private func record(_ submission: Submission, kind: IntentDefinition.Kind, in transaction: any StoreTransaction) throws -> [String] {
        let desk = RequestDesk(engine: self, transaction: transaction, now: submission.receivedAt)
        let reporter = submission.reporter.rawValue
        var attachments: [String] = []
        // Open311's lat/long are WGS-84.
        let place = submission.latitude.flatMap { latitude in
            submission.longitude.map { Place(latitude: latitude, longitude: $0, datum: .wgs84) }
        }
        if let place {
            attachments.append(responses.render(.attachmentLocation, ["place": place.text]))
        }
        if let url = submission.mediaURL {
            attachments.append(responses.render(.attachmentImage, ["url": url]))
        }
        let form = Conversation.Form(intent: submission.intent, slots: submission.slots, text: submission.text)
        if let existing = try desk.duplicate(of: form, resident: reporter) {
            try desk.link(existing, follower: reporter, text: submission.text)
            return [String(existing.number), responses.render(.duplicateLinked, ["number": existing.number])]
        }
        let request = try desk.open(intent: submission.intent, resident: reporter, text: submission.text,
                                    slots: submission.slots, attachments: attachments,
                                    place: place ?? landmark(for: submission.text, slots: submission.slots))
        // A need handed in by another system is proposed to the admins as a chat one is.
        try desk.proposeMatch(for: request)
        let notice = kind == .handoff ? responses.render(.handoffOpened, ["number": request.number]) : openedNotice(for: request)
        return [String(request.number), notice]
    }
}
