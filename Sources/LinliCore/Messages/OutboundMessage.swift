import Foundation

/// A message that must reach a user later, through the outbox: a staff notification, a
/// reply from staff to a resident, a status change.
public struct OutboundMessage: Sendable, Codable, Equatable {
    /// The channel-qualified user id of the recipient.
    public var recipient: String
    /// The text.
    public var text: String
    /// The staff member whose action this message carries (a reply to a resident), who is
    /// told when it cannot be delivered; nil for the bot's own notifications.
    public var origin: String?
    /// What it tells a resident of their request, when it does: what a 订阅通知 can say
    /// instead once the chat cannot reach them.
    public var notice: RequestNotice?

    /// Creates a message.
    public init(recipient: String, text: String, origin: String? = nil, notice: RequestNotice? = nil) {
        self.recipient = recipient
        self.text = text
        self.origin = origin
        self.notice = notice
    }
}

/// An outbox row: an outbound message with its delivery state.
public struct OutboxEntry: Sendable, Codable, Equatable {
    /// Delivery states.
    public enum State: String, Sendable, Codable {
        /// Not yet delivered.
        case pending
        /// Delivered.
        case delivered
        /// Given up on; `lastError` says why.
        case failed
    }

    /// The row id, increasing in the order messages were written.
    public var id: Int64
    /// The message.
    public var message: OutboundMessage
    /// When it was written.
    public var createdAt: Date
    /// Delivery state.
    public var state: State
    /// How many delivery attempts were made.
    public var attempts: Int
    /// The last delivery error, if any.
    public var lastError: String?

    /// Creates a row.
    public init(id: Int64, message: OutboundMessage, createdAt: Date, state: State = .pending, attempts: Int = 0, lastError: String? = nil) {
        self.id = id
        self.message = message
        self.createdAt = createdAt
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
    }
}
