extension WeChat {
    /// A passive text reply (`MsgType` `text`), the body of the HTTP answer or the plaintext of an encrypted one.
    public struct TextReply: Sendable, Equatable {
        /// The recipient: the user's OpenID (or WeCom UserID).
        public var toUserName: String
        /// The sender: the account's `gh_` id (or WeCom CorpID).
        public var fromUserName: String
        /// Unix seconds.
        public var createTime: Int64
        /// The reply text; `\n` shows as a line break.
        public var content: String

        /// Creates a reply with explicit ids.
        public init(toUserName: String, fromUserName: String, createTime: Int64, content: String) {
            self.toUserName = toUserName
            self.fromUserName = fromUserName
            self.createTime = createTime
            self.content = content
        }

        /// Creates a reply to `message`, swapping its `ToUserName` and `FromUserName`.
        public init(replyingTo message: Message, content: String, createTime: Int64) {
            self.init(
                toUserName: message.fromUserName, fromUserName: message.toUserName,
                createTime: createTime, content: content)
        }

        /// The reply document, compact, strings in CDATA.
        public var xml: String {
            var writer = XML.Writer()
            writer.cdata("ToUserName", toUserName)
            writer.cdata("FromUserName", fromUserName)
            writer.number("CreateTime", createTime)
            writer.cdata("MsgType", "text")
            writer.cdata("Content", content)
            return writer.document
        }
    }
}
