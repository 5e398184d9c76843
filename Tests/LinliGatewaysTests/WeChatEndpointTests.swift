import Foundation
import LinliGateways
import Testing

@Suite("WeChat Official Account endpoint")
struct WeChatEndpointTests {
    private func safeEndpoint(
        _ vector: Vectors.Safe, appID: String? = nil, random: RandomSource = .system, maxBodySize: Int = 65_536
    ) throws -> WeChat.Endpoint {
        try WeChat.Endpoint(
            configuration: .init(
                token: vector.token, appID: appID ?? vector.receiveId, encodingAESKey: vector.encodingAesKey,
                maxBodySize: maxBodySize),
            random: random)
    }

    // MARK: URL verification

    @Test("V-A: the official GET URL echoes echostr")
    func officialVerification() throws {
        let endpoint = try WeChat.Endpoint(configuration: .init(token: "AAAAA", appID: Fixtures.officialAppID))
        let query = try QueryString.decode(
            "signature=f464b24fc39322e44b38aa78f5edd27bd1441696&echostr=4375120948345356249&timestamp=1714036504&nonce=1514711492")
        #expect(try endpoint.verifyURL(query: query, now: Fixtures.at("1714036504")) == "4375120948345356249")
    }

    @Test("P1: verification works in safe mode too, with the same 3-part signature")
    func generatedVerification() throws {
        let vector = try #require(try Vectors.load().plain.first)
        let endpoint = try safeEndpoint(try Vectors.safe("S1"))
        let query = ["signature": vector.signature, "timestamp": vector.timestamp, "nonce": vector.nonce, "echostr": try #require(vector.echostr)]
        #expect(try endpoint.verifyURL(query: query, now: Fixtures.at(vector.timestamp)) == vector.echostr)
    }

    @Test func verificationFailures() throws {
        let endpoint = try WeChat.Endpoint(configuration: .init(token: "AAAAA", appID: Fixtures.officialAppID))
        let good = ["signature": "f464b24fc39322e44b38aa78f5edd27bd1441696", "echostr": "4375120948345356249", "timestamp": "1714036504", "nonce": "1514711492"]
        var wrong = good
        wrong["signature"] = "f464b24fc39322e44b38aa78f5edd27bd1441690"
        #expect(code { try endpoint.verifyURL(query: wrong, now: Fixtures.at("1714036504")) } == .badSignature)
        var otherNonce = good
        otherNonce["nonce"] = "1514711493"
        #expect(code { try endpoint.verifyURL(query: otherNonce, now: Fixtures.at("1714036504")) } == .badSignature)
        for name in good.keys {
            var missing = good
            missing[name] = nil
            #expect(code { try endpoint.verifyURL(query: missing, now: Fixtures.at("1714036504")) } == .missingParameter, "\(name)")
        }
    }

    // MARK: Safe mode

    @Test("S1: a safe-mode push decodes to the text message")
    func safeModeInbound() throws {
        let vector = try Vectors.safe("S1")
        let endpoint = try safeEndpoint(vector)
        let inbound = try endpoint.decodeInbound(
            query: QueryString.decode(try #require(vector.query)), body: Array(try #require(vector.postBody).utf8),
            now: Fixtures.at(vector.timestamp))
        #expect(inbound.mode == .safe)
        #expect(inbound.nonce == vector.nonce)
        #expect(inbound.timestamp == vector.timestamp)
        #expect(inbound.message.content == .text("你好，世界 hello"))
        #expect(inbound.message.fromUserName == vector.openid)
        #expect(inbound.message.toUserName == vector.toUser)
        #expect(inbound.message.msgID == 24_567_890_123_456_789)
    }

    @Test("timestamp 300 s off is accepted, 301 s off in either direction is not", arguments: [
        (0, true), (300, true), (-300, true), (301, false), (-301, false),
    ])
    func staleness(offset: Int, accepted: Bool) throws {
        let vector = try Vectors.safe("S1")
        let endpoint = try safeEndpoint(vector)
        let now = Fixtures.at(vector.timestamp).addingTimeInterval(TimeInterval(offset))
        let result = code {
            try endpoint.decodeInbound(query: QueryString.decode(vector.query!), body: Array(vector.postBody!.utf8), now: now)
        }
        #expect(result == (accepted ? nil : .staleTimestamp))
    }

    @Test("§7.3: msg_signature off by one hex digit, or Encrypt prefixed with AAAA, fails the signature")
    func tampering() throws {
        let vector = try Vectors.safe("S1")
        let endpoint = try safeEndpoint(vector)
        let now = Fixtures.at(vector.timestamp)
        var query = try QueryString.decode(vector.query!)
        let body = vector.postBody!
        query["msg_signature"] = "1a34b549085b2e8a8801a80041069b990e9d4bbe"
        #expect(code { try endpoint.decodeInbound(query: query, body: Array(body.utf8), now: now) } == .badSignature)

        let prefixed = body.replacingOccurrences(of: "<![CDATA[" + vector.encryptB64, with: "<![CDATA[AAAA" + vector.encryptB64)
        #expect(prefixed != body)
        let original = try QueryString.decode(vector.query!)
        #expect(code { try endpoint.decodeInbound(query: original, body: Array(prefixed.utf8), now: now) } == .badSignature)

        // The 3-part URL signature alone authenticates nothing in safe mode.
        var onlyURLSignature = original
        onlyURLSignature["msg_signature"] = nil
        #expect(code { try endpoint.decodeInbound(query: onlyURLSignature, body: Array(body.utf8), now: now) } == .missingParameter)
    }

    @Test("§7.3: a push for another AppID is refused after authentication")
    func wrongAppID() throws {
        let vector = try Vectors.safe("S1")
        let endpoint = try safeEndpoint(vector, appID: "wx0000000000000000")
        #expect(code {
            try endpoint.decodeInbound(query: QueryString.decode(vector.query!), body: Array(vector.postBody!.utf8), now: Fixtures.at(vector.timestamp))
        } == .appIdMismatch)
    }

    @Test("§7.3: a safe-mode account refuses a push without encrypt_type (downgrade)")
    func downgradeRefused() throws {
        let vector = try Vectors.safe("S1")
        let endpoint = try safeEndpoint(vector)
        var query = try QueryString.decode(vector.query!)
        query["encrypt_type"] = nil
        #expect(code { try endpoint.decodeInbound(query: query, body: Array(vector.postBody!.utf8), now: Fixtures.at(vector.timestamp)) } == .encryptionRequired)
        query["encrypt_type"] = "des"
        #expect(code { try endpoint.decodeInbound(query: query, body: Array(vector.postBody!.utf8), now: Fixtures.at(vector.timestamp)) } == .malformedParameter)
    }

    @Test("compatible mode: the ciphertext wins over the unauthenticated plaintext copy")
    func compatibleMode() throws {
        let vector = try Vectors.safe("S1")
        let endpoint = try safeEndpoint(vector)
        let body = """
            <xml><ToUserName><![CDATA[gh_8a2b3c4d5e6f]]></ToUserName><FromUserName><![CDATA[attacker]]></FromUserName>\
            <CreateTime>1714112445</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[forged]]></Content>\
            <MsgId>1</MsgId><Encrypt><![CDATA[\(vector.encryptB64)]]></Encrypt></xml>
            """
        let inbound = try endpoint.decodeInbound(query: QueryString.decode(vector.query!), body: Array(body.utf8), now: Fixtures.at(vector.timestamp))
        #expect(inbound.mode == .compatible)
        #expect(inbound.message.content == .text("你好，世界 hello"))
        #expect(inbound.message.fromUserName == vector.openid)
    }

    @Test("hostile or oversized outer bodies are refused before any signature work")
    func hostileBodies() throws {
        let vector = try Vectors.safe("S1")
        let query = try QueryString.decode(vector.query!)
        let now = Fixtures.at(vector.timestamp)
        let endpoint = try safeEndpoint(vector, maxBodySize: 1024)
        let doctype = "<!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + vector.postBody!
        #expect(code { try endpoint.decodeInbound(query: query, body: Array(doctype.utf8), now: now) } == .doctypeRefused)
        #expect(code { try endpoint.decodeInbound(query: query, body: Array("garbage".utf8), now: now) } == .malformedXML)
        #expect(code { try endpoint.decodeInbound(query: query, body: Array("<xml><Encrypt>".utf8), now: now) } == .malformedXML)
        #expect(code { try endpoint.decodeInbound(query: query, body: Array("<xml><ToUserName>x</ToUserName></xml>".utf8), now: now) } == .missingField)
        let huge = "<xml><Encrypt>" + String(repeating: "A", count: 2000) + "</Encrypt></xml>"
        #expect(code { try endpoint.decodeInbound(query: query, body: Array(huge.utf8), now: now) } == .bodyTooLarge)
    }

    // MARK: Plain mode

    private static let plainBody = """
        <xml>
        <ToUserName><![CDATA[toUser]]></ToUserName>
        <FromUserName><![CDATA[fromUser]]></FromUserName>
        <CreateTime>1348831860</CreateTime>
        <MsgType><![CDATA[text]]></MsgType>
        <Content><![CDATA[this is a test]]></Content>
        <MsgId>1234567890123456</MsgId>
        </xml>
        """

    @Test("V-B: a plain-mode push with the official signature")
    func plainMode() throws {
        let endpoint = try WeChat.Endpoint(configuration: .init(token: "AAAAA", appID: Fixtures.officialAppID))
        let query = ["signature": "899cf89e464efb63f54ddac96b0a0a235f53aa78", "timestamp": "1714037059", "nonce": "486452656", "openid": "fromUser"]
        let inbound = try endpoint.decodeInbound(query: query, body: Array(Self.plainBody.utf8), now: Fixtures.at("1714037059"))
        #expect(inbound.mode == .plain)
        #expect(inbound.message.content == .text("this is a test"))

        var wrong = query
        wrong["signature"] = "899cf89e464efb63f54ddac96b0a0a235f53aa79"
        #expect(code { try endpoint.decodeInbound(query: wrong, body: Array(Self.plainBody.utf8), now: Fixtures.at("1714037059")) } == .badSignature)
        #expect(code { try endpoint.decodeInbound(query: query, body: Array(Self.plainBody.utf8), now: Fixtures.at("1714040000")) } == .staleTimestamp)
        let doctype = "<!DOCTYPE x>" + Self.plainBody
        #expect(code { try endpoint.decodeInbound(query: query, body: Array(doctype.utf8), now: Fixtures.at("1714037059")) } == .doctypeRefused)
        var encrypted = query
        encrypted["encrypt_type"] = "aes"
        #expect(code { try endpoint.decodeInbound(query: encrypted, body: Array(Self.plainBody.utf8), now: Fixtures.at("1714037059")) } == .invalidConfiguration)
    }

    @Test("plaintext can be allowed explicitly next to a key, for migrating accounts")
    func plaintextOptIn() throws {
        let config = WeChat.Endpoint.Configuration(token: "AAAAA", appID: Fixtures.officialAppID, encodingAESKey: Fixtures.officialKey, acceptsPlaintext: true)
        let endpoint = try WeChat.Endpoint(configuration: config)
        let query = ["signature": "899cf89e464efb63f54ddac96b0a0a235f53aa78", "timestamp": "1714037059", "nonce": "486452656"]
        #expect(try endpoint.decodeInbound(query: query, body: Array(Self.plainBody.utf8), now: Fixtures.at("1714037059")).mode == .plain)
    }

    // MARK: Replies

    @Test("S2: a text reply to S1 reproduces the vector's plaintext and encrypted body byte for byte")
    func encryptedReplyVector() throws {
        let inboundVector = try Vectors.safe("S1")
        let vector = try Vectors.safe("S2")
        let endpoint = try safeEndpoint(inboundVector, random: Fixtures.fixedRandom(vector.random))
        let inbound = try endpoint.decodeInbound(
            query: QueryString.decode(inboundVector.query!), body: Array(inboundVector.postBody!.utf8),
            now: Fixtures.at(inboundVector.timestamp))
        let reply = WeChat.TextReply(replyingTo: inbound.message, content: "收到：你好，世界 hello", createTime: 1_714_112_446)
        #expect(reply.xml == vector.msg)
        let body = try endpoint.encodeReply(xml: reply.xml, mode: inbound.mode, timestamp: 1_714_112_446, nonce: inbound.nonce)
        #expect(body == vector.replyXml)
    }

    @Test("S5 and V-D: encrypted envelopes match the published bytes")
    func paddingEdgeReply() throws {
        let vector = try Vectors.safe("S5")
        let endpoint = try safeEndpoint(vector, random: Fixtures.fixedRandom(vector.random))
        #expect(try endpoint.encodeReply(xml: vector.msg, mode: .safe, timestamp: 1_714_112_447, nonce: "42") == vector.replyXml)

        let official = try WeChat.Endpoint(
            configuration: .init(token: "AAAAA", appID: Fixtures.officialAppID, encodingAESKey: Fixtures.officialKey),
            random: Fixtures.fixedRandom("707722b803182950"))
        let envelope = try official.encodeReply(xml: #"{"demo_resp":"good luck"}"#, mode: .safe, timestamp: 1_713_424_427, nonce: "415670741")
        let parsed = try XML.Reader().parse(envelope)
        #expect(parsed.value("Encrypt") == "ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==")
        #expect(parsed.value("MsgSignature") == "1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1")
        #expect(parsed.value("TimeStamp") == "1713424427")
        #expect(parsed.value("Nonce") == "415670741")
    }

    @Test("round trip: reply → envelope signature verifies → the official algorithm decrypts → decodes again",
          arguments: [WeChat.Mode.safe, .compatible])
    func replyRoundTrip(mode: WeChat.Mode) throws {
        let vector = try Vectors.safe("S1")
        let endpoint = try safeEndpoint(vector)
        let reply = WeChat.TextReply(toUserName: "oUser", fromUserName: "gh_x", createTime: 1_714_112_500, content: "第一行\n]]> & <b>")
        let body = try endpoint.encodeReply(xml: reply.xml, mode: mode, timestamp: 1_714_112_500, nonce: "n0nce")
        let envelope = try XML.Reader().parse(body)
        let encrypt = try #require(envelope.value("Encrypt"))
        let signature = try #require(envelope.value("MsgSignature"))
        try CallbackSignature.verify(signature, token: vector.token, timestamp: "1714112500", nonce: "n0nce", encrypted: encrypt)

        let reference = try ReferenceCipher(encodingAESKey: vector.encodingAesKey).decrypt(encrypt)
        #expect(String(decoding: reference.message, as: UTF8.self) == reply.xml)
        #expect(reference.receiveID == vector.receiveId)

        let query = ["msg_signature": signature, "timestamp": "1714112500", "nonce": "n0nce", "encrypt_type": "aes"]
        let decoded = try endpoint.decodeInbound(query: query, body: Array(body.utf8), now: Fixtures.at("1714112500"))
        #expect(decoded.message.content == .text("第一行\n]]> & <b>"))
        #expect(decoded.message.toUserName == "oUser")
    }

    @Test func plainReplyIsTheXMLItself() throws {
        let endpoint = try WeChat.Endpoint(configuration: .init(token: "AAAAA", appID: Fixtures.officialAppID))
        let xml = WeChat.TextReply(toUserName: "u", fromUserName: "gh", createTime: 1, content: "hi").xml
        #expect(xml == "<xml><ToUserName><![CDATA[u]]></ToUserName><FromUserName><![CDATA[gh]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content></xml>")
        #expect(try endpoint.encodeReply(xml: xml, mode: .plain, timestamp: 1, nonce: "n") == xml)
        #expect(code { try endpoint.encodeReply(xml: xml, mode: .safe, timestamp: 1, nonce: "n") } == .invalidConfiguration)
        #expect(WeChat.Endpoint.acknowledgement == "success")
    }

    // MARK: Configuration

    @Test func configurationValidation() {
        #expect(code { try WeChat.Endpoint(configuration: .init(token: "", appID: "wx")) } == .invalidConfiguration)
        #expect(code { try WeChat.Endpoint(configuration: .init(token: "t", appID: "")) } == .invalidConfiguration)
        #expect(code { try WeChat.Endpoint(configuration: .init(token: "t", appID: "wx", encodingAESKey: String(repeating: "A", count: 42))) } == .invalidConfiguration)
        #expect(code { try WeChat.Endpoint(configuration: .init(token: "t", appID: "wx", encodingAESKey: String(repeating: "A", count: 44))) } == .invalidConfiguration)
        #expect(WeChat.Endpoint.Configuration(token: "t", appID: "wx").acceptsPlaintext)
        #expect(!WeChat.Endpoint.Configuration(token: "t", appID: "wx", encodingAESKey: Fixtures.officialKey).acceptsPlaintext)
    }

    @Test("secrets never appear in a configuration's description")
    func redaction() {
        let config = WeChat.Endpoint.Configuration(token: "SuperSecretToken", appID: "wx5a9e3c1f0b7d2e48", encodingAESKey: "Pz4mQ8sV1cX7nB3kL9fH2dR6tY0wE5uI8oA3gJ7qM1v")
        for text in [String(describing: config), String(reflecting: config), "\(config)"] {
            #expect(!text.contains("SuperSecretToken"))
            #expect(!text.contains("Pz4mQ8sV"))
            #expect(text.contains("wx5a9e3c1f0b7d2e48"))
        }
    }
}
