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
        /// A platform event (subscribe, menu click) with its key.
        case event(name: String, key: String?)
    }

    /// The channel-qualified user id: `wechat:OPENID`, `wecom:USERID`, `webhook:ID`, `repl:NAME`.
    public var userID: String
    /// A key unique per delivered message, so that a retry is recognised (`wechat:MSGID`).
    public var messageID: String
    /// What the message carries.
    public var content: Content
    /// When linli received it.
    public var receivedAt: Date

    /// Creates a message.
    public init(userID: String, messageID: String, content: Content, receivedAt: Date) {
        self.userID = userID
        self.messageID = messageID
        self.content = content
        self.receivedAt = receivedAt
    }

    /// The channel part of the user id (`wechat`, `repl`, …).
    public var channel: String {
        userID.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
    }

    /// The store's dedupe key of message `messageID` from `userID`: the user id prefixed
    /// with its length in UTF-8 bytes, so that no other user's keys share its prefix.
    public static func dedupeKey(userID: String, messageID: String) -> String {
        "\(userID.utf8.count):\(userID)|\(messageID)"
    }
}
