/// The WeCom (企业微信) self-built app callback protocol: always encrypted, bound to the CorpID.
public enum WeCom {
    /// A decrypted WeCom push: the WeChat shape plus `AgentID`.
    public typealias Message = WeChat.Message
    /// A passive text reply; on WeCom `ToUserName` is the member's UserID and `FromUserName` the CorpID.
    public typealias TextReply = WeChat.TextReply
}
