import Foundation

/// The encrypted request and reply envelopes common to WeChat safe/compatible mode and WeCom.
///
/// Receiving: `<Encrypt>` from the body (or `echostr`), 4-part `msg_signature` checked
/// before anything is decrypted, then the timestamp window, then decryption with the
/// receive-id check. Replying: `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`.
struct EncryptedEnvelope: Sendable {
    let token: String
    let cipher: MessageCipher
    let window: TimestampWindow

    /// The `<Encrypt>` text of an outer envelope.
    static func ciphertext(in root: XML.Element) throws(GatewayError) -> String {
        guard root.name == "xml" else {
            throw GatewayError(.malformedXML, "root element is not <xml>", value: root.name)
        }
        guard let encrypt = root.value("Encrypt"), !encrypt.isEmpty else {
            throw GatewayError(.missingField, "encrypted envelope has no Encrypt element", value: "Encrypt")
        }
        return encrypt
    }

    /// Authenticates and decrypts `encrypted` against the `msg_signature`, `timestamp` and `nonce` of `query`.
    ///
    /// URL verification too is held to the window: it decrypts whatever signed ciphertext it is
    /// given, so without a time limit any captured push or reply could be replayed through it.
    func open(_ encrypted: String, query: [String: String], now: Date) throws(GatewayError) -> [UInt8] {
        let signature = try QueryString.required("msg_signature", in: query)
        let timestamp = try QueryString.required("timestamp", in: query)
        let nonce = try QueryString.required("nonce", in: query)
        try CallbackSignature.verify(signature, token: token, timestamp: timestamp, nonce: nonce, encrypted: encrypted)
        try window.check(timestamp, now: now)
        return try cipher.decrypt(encrypted)
    }

    /// Encrypts `xml` and wraps it with a fresh signature, in the layout of the official samples.
    func seal(_ xml: String, timestamp: Int64, nonce: String, random: RandomSource) throws(GatewayError) -> String {
        let encrypted = try cipher.encrypt(xml, random: random)
        let stamp = String(timestamp)
        let signature = CallbackSignature.compute(token: token, timestamp: stamp, nonce: nonce, encrypted: encrypted)
        var writer = XML.Writer(root: "xml", separator: "\n")
        writer.cdata("Encrypt", encrypted)
        writer.cdata("MsgSignature", signature)
        writer.number("TimeStamp", timestamp)
        writer.cdata("Nonce", nonce)
        return writer.document
    }

    /// Parses a decrypted message document with the same bounds as the outer one.
    static func message(from plaintext: [UInt8], reader: XML.Reader) throws(GatewayError) -> WeChat.Message {
        try WeChat.Message(xml: reader.parse(plaintext))
    }
}
