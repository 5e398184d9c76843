import Foundation
import LinliCore
import LinliGateways
@testable import LinliServer
import Testing

@Suite("mapping pushes to messages")
struct InboundRouteTests {
    static let at = Date(timeIntervalSince1970: 1_714_112_445)

    static func message(_ content: WeChat.Message.Content, msgID: UInt64? = 42) -> WeChat.Message {
        WeChat.Message(toUserName: "gh_x", fromUserName: "openid-1", createTime: 1_714_112_445, msgType: "x", msgID: msgID, content: content)
    }

    @Test("each push kind becomes the engine's content, or an acknowledgement", arguments: [
        (WeChat.Message.Content.text("路灯坏了"), InboundMessage.Content?.some(.text("路灯坏了"))),
        (.voice(mediaID: "m", format: "amr", recognition: "路灯坏了"), .media(.init(kind: .voice, mediaID: "m", recognition: "路灯坏了"))),
        (.voice(mediaID: "m", format: "amr", recognition: nil), .media(.init(kind: .voice, mediaID: "m"))),
        (.image(picURL: "http://img/1.jpg", mediaID: "m"), .media(.init(kind: .image, mediaID: "m", url: "http://img/1.jpg"))),
        (.image(picURL: "", mediaID: "m"), .media(.init(kind: .image, mediaID: "m"))),
        (.location(latitude: 34.5, longitude: 107.4, scale: 15, label: "凤鸣小区"), .location(latitude: 34.5, longitude: 107.4, label: "凤鸣小区")),
        (.link(title: "停水通知", description: nil, url: "http://x/1"), .text("停水通知\nhttp://x/1")),
        (.event(.subscribe(eventKey: nil, ticket: nil)), .event(name: "subscribe", key: nil)),
        (.event(.click(eventKey: "REPORT")), .text("我要反映问题")),
        (.event(.click(eventKey: "UNKNOWN")), .event(name: "click", key: "UNKNOWN")),
        (.event(.view(url: "http://x", menuID: nil)), nil),
        (.event(.scan(eventKey: "1", ticket: nil)), nil),
        (.event(.location(latitude: 1, longitude: 2, precision: nil)), nil),
        (.event(.enterAgent), nil),
        (.event(.subscriptionChoices([.init(templateID: "T1", accepted: true), .init(templateID: "T2", accepted: false)])),
         .noticeConsents([.init(templateID: "T1", accepted: true), .init(templateID: "T2", accepted: false)])),
        (.other(type: "video"), nil),
        (.other(type: "link2"), nil),
    ])
    func map(_ content: WeChat.Message.Content, _ expected: InboundMessage.Content?) throws {
        let message = Self.message(content)
        let sender = try UserID("wechat:openid-1")
        let route = try InboundRoute.map(message, channel: "wechat", menu: ["REPORT": "我要反映问题"], receivedAt: Self.at)
        if let expected {
            #expect(route == .engine(InboundMessage(userID: sender, messageID: "wechat:msg:42", content: expected, receivedAt: Self.at)))
        } else {
            #expect(route == .acknowledge(key: sender.dedupeKey(messageID: "wechat:msg:42")))
        }
    }

    @Test("a video, short video or file with a MediaId becomes media to download", arguments: [
        ("video", InboundMedia.Kind.video), ("shortvideo", .video), ("file", .file),
    ])
    func media(type: String, kind: InboundMedia.Kind) throws {
        var message = Self.message(.other(type: type))
        message.fields["MediaId"] = "media-7"
        let route = try InboundRoute.map(message, channel: "wecom", menu: [:], receivedAt: Self.at)
        let sender = try UserID("wecom:openid-1")
        #expect(route == .engine(InboundMessage(userID: sender, messageID: "wecom:msg:42",
                                                content: .media(InboundMedia(kind: kind, mediaID: "media-7")), receivedAt: Self.at)))
    }

    @Test("unsubscribe erases the user before it is acknowledged")
    func unsubscribe() throws {
        let route = try InboundRoute.map(Self.message(.event(.unsubscribe)), channel: "wechat", menu: [:], receivedAt: Self.at)
        let sender = try UserID("wechat:openid-1")
        #expect(route == .erase(sender, key: sender.dedupeKey(messageID: "wechat:msg:42")))
    }

    @Test("events without MsgId are keyed by sender, time, event and key")
    func eventKey() throws {
        var message = Self.message(.event(.click(eventKey: "REPORT")), msgID: nil)
        message.fields = ["Event": "CLICK", "EventKey": "REPORT"]
        let route = try InboundRoute.map(message, channel: "wecom", menu: [:], receivedAt: Self.at)
        guard case .engine(let inbound) = route else {
            Issue.record("a click is for the engine")
            return
        }
        #expect(inbound.messageID == "wecom:evt:openid-1|1714112445|CLICK|REPORT")
        #expect(inbound.userID.rawValue == "wecom:openid-1")
    }
}
