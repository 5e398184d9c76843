import Foundation
import LinliCore
import LinliGateways

/// Where an authenticated WeChat or WeCom push goes: to the engine as an `InboundMessage`,
/// or nowhere but the dedupe record because there is nothing to answer.
enum InboundRoute: Sendable, Equatable {
    /// Hand the message to the engine.
    case engine(InboundMessage)
    /// The user left (WeChat `unsubscribe`): erase what is kept about them, then acknowledge
    /// and record `key`.
    case erase(UserID, key: String)
    /// Answer with the bare acknowledgement; record `key` (bound to the sender, as
    /// ``InboundMessage/dedupeKey`` is) so that a retry is recognised.
    case acknowledge(key: String)

    /// The `MsgType`s of pushes that carry a `MediaId` to download, besides images and voice.
    static let mediaKinds: [String: InboundMedia.Kind] = ["video": .video, "shortvideo": .video, "file": .file]

    /// Maps a push from `channel` (`wechat` or `wecom`): the user id becomes
    /// `channel:FromUserName` and the message id `channel:` plus the push's dedupe key.
    ///
    /// Menu clicks become the words their key is configured to mean, so a resident tapping
    /// 「我要反映问题」 is understood as if they had typed it.
    ///
    /// - Throws: ``GatewayError/Code/invalidField`` when `FromUserName` is no user id.
    static func map(_ message: WeChat.Message, channel: String, menu: [String: String], receivedAt: Date) throws(GatewayError) -> InboundRoute {
        let messageID = "\(channel):\(message.dedupeKey)"
        let userID = try UserID.checked(channel: channel, id: message.fromUserName, field: "FromUserName")
        let content: InboundMessage.Content
        switch message.content {
        case .text(let text):
            content = .text(text)
        case .voice(let mediaID, _, let recognition):
            // Kept and downloaded like a photo; recognised words are also heard as typed.
            content = .media(InboundMedia(kind: .voice, mediaID: mediaID, recognition: recognition))
        case .image(let picURL, let mediaID):
            content = .media(InboundMedia(kind: .image, mediaID: mediaID, url: picURL.isEmpty ? nil : picURL))
        case .other(let type) where Self.mediaKinds[type.lowercased()] != nil && !(message.fields["MediaId"] ?? "").isEmpty:
            content = .media(InboundMedia(kind: Self.mediaKinds[type.lowercased()]!, mediaID: message.fields["MediaId"]!))
        case .location(let latitude, let longitude, _, let label):
            content = .location(latitude: latitude, longitude: longitude, label: label)
        case .link(let title, _, let url):
            content = .text("\(title)\n\(url)")
        case .event(.subscribe(let eventKey, _)):
            content = .event(name: "subscribe", key: eventKey)
        case .event(.click(let eventKey)):
            if let words = menu[eventKey] {
                content = .text(words)
            } else {
                content = .event(name: "click", key: eventKey)
            }
        case .event(.subscriptionChoices(let choices)):
            content = .noticeConsents(choices)
        case .event(.unsubscribe):
            // The platform requires the user's data to be deleted when they leave.
            return .erase(userID, key: userID.dedupeKey(messageID: messageID))
        case .event, .other:
            // Menu links, scans, location reports,
            // unsubscribes: nothing the engine can act on, and nothing to say.
            return .acknowledge(key: userID.dedupeKey(messageID: messageID))
        }
        return .engine(InboundMessage(
            userID: userID, messageID: messageID, content: content, receivedAt: receivedAt))
    }
}
