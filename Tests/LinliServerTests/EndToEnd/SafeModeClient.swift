import Crypto
import Foundation
import LinliGateways
import Testing

/// Talks to `/wechat` as the WeChat server does in safe mode, with the official sample's
/// algorithm (``ReferenceCipher``, shared with the gateway tests) and a SHA-1 signature
/// written here, not the library's: each side checks the other.
struct SafeModeClient {
    let token: String
    let appID: String
    let accountID: String
    let cipher: ReferenceCipher

    init(token: String, appID: String, encodingAESKey: String, accountID: String) throws {
        self.token = token
        self.appID = appID
        self.accountID = accountID
        cipher = try ReferenceCipher(encodingAESKey: encodingAESKey)
    }

    /// SHA-1 over the sorted, concatenated parts, in lowercase hex (WXBizMsgCrypt's `getSHA1`).
    static func signature(_ parts: [String]) -> String {
        Insecure.SHA1.hash(data: Data(parts.sorted().joined().utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A text message from `openID` with `msgID`, encrypted and signed now: the path with
    /// its query, and the body. Posting the same pair twice is a platform retry.
    func text(_ content: String, from openID: String, msgID: UInt64) throws -> (path: String, body: String) {
        let now = Int(Date().timeIntervalSince1970)
        let xml = "<xml><ToUserName><![CDATA[\(accountID)]]></ToUserName><FromUserName><![CDATA[\(openID)]]></FromUserName>"
            + "<CreateTime>\(now)</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[\(content)]]></Content>"
            + "<MsgId>\(msgID)</MsgId></xml>"
        let random = (0..<16).map { _ in UInt8.random(in: 0...255) }
        let encrypted = try cipher.encrypt(xml, receiveID: appID, random: random)
        let timestamp = String(now)
        let nonce = String(UInt32.random(in: 100_000_000...999_999_999))
        let query = "signature=\(Self.signature([token, timestamp, nonce]))&timestamp=\(timestamp)&nonce=\(nonce)"
            + "&openid=\(openID)&encrypt_type=aes&msg_signature=\(Self.signature([token, timestamp, nonce, encrypted]))"
        let body = "<xml><ToUserName><![CDATA[\(accountID)]]></ToUserName><Encrypt><![CDATA[\(encrypted)]]></Encrypt></xml>"
        return ("/wechat?" + query, body)
    }

    /// The text of an encrypted passive reply to `openID`, after checking its MsgSignature
    /// and the AppID inside; nil when the body is `success` (answered later through the API).
    func open(reply body: String, to openID: String) throws -> String? {
        if body == "success" || body.isEmpty { return nil }
        let encrypted = try #require(Self.field("Encrypt", in: body), "no Encrypt in \(body)")
        let timestamp = try #require(Self.field("TimeStamp", in: body))
        let nonce = try #require(Self.field("Nonce", in: body))
        let signature = try #require(Self.field("MsgSignature", in: body))
        #expect(signature == Self.signature([token, timestamp, nonce, encrypted]), "reply signature does not verify")
        let (message, receiveID) = try cipher.decrypt(encrypted)
        #expect(receiveID == appID)
        let xml = String(decoding: message, as: UTF8.self)
        #expect(Self.field("ToUserName", in: xml) == openID)
        #expect(Self.field("MsgType", in: xml) == "text")
        return try #require(Self.field("Content", in: xml))
    }

    /// The text of element `name` in a flat XML document, CDATA unwrapped.
    static func field(_ name: String, in xml: String) -> String? {
        guard let start = xml.range(of: "<\(name)>"), let end = xml.range(of: "</\(name)>", range: start.upperBound..<xml.endIndex)
        else { return nil }
        var value = String(xml[start.upperBound..<end.lowerBound])
        if value.hasPrefix("<![CDATA["), value.hasSuffix("]]>") {
            value = String(value.dropFirst(9).dropLast(3))
        }
        return value
    }
}
