import LinliCore
extension WeChat {
    /// One authenticated inbound push, user message or event; WeCom pushes share the shape and add ``agentID``.
    public struct Message: Sendable, Equatable {
        /// `ToUserName`: the account's original id (`gh_…`), or the CorpID on WeCom.
        public var toUserName: String
        /// `FromUserName`: the sender's OpenID, or the member's UserID on WeCom.
        public var fromUserName: String
        /// `CreateTime` in Unix seconds.
        public var createTime: Int64
        /// `MsgType` exactly as received (compare case-insensitively; ``content`` already does).
        public var msgType: String
        /// `MsgId`, a 64-bit integer; absent for events.
        public var msgID: UInt64?
        /// `AgentID` of the WeCom app; nil for 公众号 pushes.
        public var agentID: Int?
        /// The typed payload.
        public var content: Content
        /// Every leaf field of the document by element name (first occurrence), for fields not modelled here.
        public var fields: [String: String]

        /// Creates a message; normally produced by ``init(xml:)``.
        public init(
            toUserName: String, fromUserName: String, createTime: Int64, msgType: String,
            msgID: UInt64? = nil, agentID: Int? = nil, content: Content, fields: [String: String] = [:]
        ) {
            self.toUserName = toUserName
            self.fromUserName = fromUserName
            self.createTime = createTime
            self.msgType = msgType
            self.msgID = msgID
            self.agentID = agentID
            self.content = content
            self.fields = fields
        }

        /// The key under which retries of this push are recognised.
        ///
        /// `MsgId` when present; otherwise sender, time, event and event key, because one
        /// user can trigger two different events within the same second.
        public var dedupeKey: String {
            if let msgID {
                return "msg:\(msgID)"
            }
            let event = fields["Event"] ?? msgType
            let eventKey = fields["EventKey"] ?? ""
            return "evt:\(fromUserName)|\(createTime)|\(event)|\(eventKey)"
        }
    }
}

extension WeChat.Message {
    /// What a push carries beyond its common header.
    public enum Content: Sendable, Equatable {
        /// `text`: the user's words.
        case text(String)
        /// `image`: the picture's URL and media id.
        case image(picURL: String, mediaID: String)
        /// `voice`: media id, codec, and the speech-recognition result when the account enabled it.
        case voice(mediaID: String, format: String, recognition: String?)
        /// `location`: a shared map point.
        case location(latitude: Double, longitude: Double, scale: Double?, label: String?)
        /// `link`: a shared article link.
        case link(title: String, description: String?, url: String)
        /// `event`: a subscription, menu, scan or location event.
        case event(Event)
        /// Any other `MsgType` (video, shortvideo, file, …), kept by name.
        case other(type: String)
    }

    /// The `Event` of an `event` push, matched case-insensitively (`CLICK` on 公众号, `click` on WeCom).
    public enum Event: Sendable, Equatable {
        /// `subscribe`; through a parametric QR code it carries `EventKey` (`qrscene_…`) and `Ticket`.
        case subscribe(eventKey: String?, ticket: String?)
        /// `unsubscribe`: the platform requires the user's data to be deleted.
        case unsubscribe
        /// `SCAN`: an existing follower scanned a parametric QR code.
        case scan(eventKey: String, ticket: String?)
        /// `LOCATION`: a periodic location report.
        case location(latitude: Double, longitude: Double, precision: Double?)
        /// `CLICK`: a menu button with the given key.
        case click(eventKey: String)
        /// `VIEW`: a menu link to the given URL.
        case view(url: String, menuID: String?)
        /// `enter_agent`: a WeCom member opened the app.
        case enterAgent
        /// `subscribe_msg_popup_event` (the user answered a 订阅通知 pop-up) or
        /// `subscribe_msg_change_event` (they turned notices off in their settings): one
        /// choice per template.
        case subscriptionChoices([NoticeConsentChoice])
        /// Any other event, kept by name with its key if any.
        case other(name: String, eventKey: String?)
    }
}
