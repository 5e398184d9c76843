import Crypto
import Foundation
import HTTPTypes
import LinliGateways

/// Builders of signed platform requests.
enum Wire {
    /// A 公众号 text message document.
    static func text(_ content: String, from user: String = "oUser-openid", msgID: UInt64 = 1, at time: Int64 = Harness.start) -> String {
        "<xml><ToUserName><![CDATA[\(Harness.accountID)]]></ToUserName><FromUserName><![CDATA[\(user)]]></FromUserName>"
            + "<CreateTime>\(time)</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[\(content)]]></Content>"
            + "<MsgId>\(msgID)</MsgId></xml>"
    }

    /// A 公众号 event document.
    static func event(_ name: String, key: String? = nil, from user: String = "oUser-openid", at time: Int64 = Harness.start) -> String {
        "<xml><ToUserName><![CDATA[\(Harness.accountID)]]></ToUserName><FromUserName><![CDATA[\(user)]]></FromUserName>"
            + "<CreateTime>\(time)</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[\(name)]]></Event>"
            + (key.map { "<EventKey><![CDATA[\($0)]]></EventKey>" } ?? "") + "</xml>"
    }

    /// The query of a plain-mode push signed with the harness token; a fresh nonce each time
    /// unless one is given, since a plain-mode query is good for one body only.
    static func plainQuery(timestamp: String = String(Harness.start), nonce: String = freshNonce(), token: String = Harness.token) -> String {
        let signature = CallbackSignature.compute(token: token, timestamp: timestamp, nonce: nonce)
        return "signature=\(signature)&timestamp=\(timestamp)&nonce=\(nonce)&openid=oUser-openid"
    }

    /// A safe-mode push of `xml`: the query and the body with only `<Encrypt>`.
    static func safe(_ xml: String, receiveID: String = Harness.appID, timestamp: String = String(Harness.start),
                     nonce: String = "1320562132") throws -> (query: String, body: String) {
        let cipher = try MessageCipher(encodingAESKey: Harness.aesKey, receiveID: receiveID)
        let encrypted = try cipher.encrypt(xml, random: .system)
        let signature = CallbackSignature.compute(token: Harness.token, timestamp: timestamp, nonce: nonce)
        let msgSignature = CallbackSignature.compute(token: Harness.token, timestamp: timestamp, nonce: nonce, encrypted: encrypted)
        let query = "signature=\(signature)&timestamp=\(timestamp)&nonce=\(nonce)&openid=oUser-openid&encrypt_type=aes&msg_signature=\(msgSignature)"
        let body = "<xml><ToUserName><![CDATA[\(Harness.accountID)]]></ToUserName><Encrypt><![CDATA[\(encrypted)]]></Encrypt></xml>"
        return (query, body)
    }

    /// A WeCom push of `xml`: the query and the encrypted body.
    static func wecom(_ xml: String, timestamp: String = String(Harness.start), nonce: String = "998877665") throws -> (query: String, body: String) {
        let cipher = try MessageCipher(encodingAESKey: Harness.aesKey, receiveID: Harness.corpID)
        let encrypted = try cipher.encrypt(xml, random: .system)
        let msgSignature = CallbackSignature.compute(token: Harness.token, timestamp: timestamp, nonce: nonce, encrypted: encrypted)
        let body = "<xml><ToUserName><![CDATA[\(Harness.corpID)]]></ToUserName><Encrypt><![CDATA[\(encrypted)]]></Encrypt><AgentID>1000002</AgentID></xml>"
        return ("msg_signature=\(msgSignature)&timestamp=\(timestamp)&nonce=\(nonce)", body)
    }

    /// A nonce no other request of the test run has used.
    static func freshNonce() -> String {
        String(UInt64.random(in: 1...UInt64.max))
    }

    /// The timestamp and signature headers of a webhook body sent at `timestamp`, under `secret`:
    /// HMAC-SHA256 of `TIMESTAMP.BODY`, computed here rather than by the library.
    static func signed(_ body: String, secret: String = Harness.webhookSecret, timestamp: Int64 = Harness.start) throws -> HTTPFields {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return [
            HTTPField.Name(Webhook.timestampHeader)!: String(timestamp),
            HTTPField.Name(Webhook.signatureHeader)!: "sha256=" + mac.map { String(format: "%02x", $0) }.joined(),
        ]
    }

    /// The signature header of the legacy form: HMAC-SHA256 of the body alone, no timestamp.
    static func legacySigned(_ body: String, secret: String = Harness.webhookSecret) -> HTTPFields {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(body.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return [HTTPField.Name(Webhook.signatureHeader)!: "sha256=" + mac.map { String(format: "%02x", $0) }.joined()]
    }

    /// Opens an encrypted passive reply with `endpoint`, which checks its MsgSignature.
    static func open<E>(reply body: String, with decode: (_ query: [String: String], _ body: [UInt8]) throws -> E) throws -> E {
        let root = try XML.Reader().parse(body)
        let query = [
            "msg_signature": root.value("MsgSignature") ?? "", "timestamp": root.value("TimeStamp") ?? "",
            "nonce": root.value("Nonce") ?? "", "encrypt_type": "aes",
        ]
        return try decode(query, Array(body.utf8))
    }

    /// The text of a plain passive reply document.
    static func content(ofPlainReply body: String) throws -> String? {
        try XML.Reader().parse(body).value("Content")
    }
}
