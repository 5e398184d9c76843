import Foundation

/// One message from a user, as any gateway hands it to the engine.
public struct InboundMessage: Sendable, Equatable {
    /// What the message carries.
    public enum Content: Sendable, Equatable {
        /// Typed text, or a voice message's recognised text.
        case text(String)
        /// A shared location.
        case location(latitude: Double, longitude: Double, label: String?)
        /// A picture, by URL or media id.
        case image(String)
        /// A photo, voice message, video or file kept on the platform, to be downloaded.
        case media(InboundMedia)
        /// A platform event (subscribe, menu click) with its key.
        case event(name: String, key: String?)
        /// Answers to a 订阅通知 pop-up, or notices turned off in the user's settings.
        case noticeConsents([NoticeConsentChoice])
    }

    /// Who sent it, checked where it entered.
    public var userID: UserID
    /// A key unique per delivered message, so that a retry is recognised (`wechat:MSGID`).
    public var messageID: String
    /// What the message carries.
    public var content: Content
    /// When linli received it.
    public var receivedAt: Date

    /// Creates a message.
    public init(userID: UserID, messageID: String, content: Content, receivedAt: Date) {
        self.userID = userID
        self.messageID = messageID
        self.content = content
        self.receivedAt = receivedAt
    }

    /// The key under which the store records this message as handled: the sender and the
    /// message id together (``UserID/dedupeKey(messageID:)``).
    public var dedupeKey: String {
        userID.dedupeKey(messageID: messageID)
    }

    /// The channel part of the user id (`wechat`, `repl`, …).
    public var channel: String { userID.channel }
}
