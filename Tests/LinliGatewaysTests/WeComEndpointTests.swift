import Foundation
import LinliGateways
import Testing

@Suite("WeCom endpoint")
struct WeComEndpointTests {
    private func endpoint(
        token: String = Fixtures.wecomToken, corpID: String = Fixtures.wecomCorpID, key: String = Fixtures.wecomKey,
        agentID: Int? = nil, random: RandomSource = .system
    ) throws -> WeCom.Endpoint {
        try WeCom.Endpoint(
            configuration: .init(token: token, corpID: corpID, encodingAESKey: key, agentID: agentID), random: random)
    }

    private func endpoint(_ vector: Vectors.Safe, agentID: Int? = nil, random: RandomSource = .system) throws -> WeCom.Endpoint {
        try endpoint(token: vector.token, corpID: vector.receiveId, key: vector.encodingAesKey, agentID: agentID, random: random)
    }

    private static let sampleEchostr = "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA=="

    // MARK: URL verification

    @Test("V-E: the official sample's GET answers the decrypted echostr")
    func officialVerification() throws {
        let query = ["msg_signature": "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb", "timestamp": "1476416373", "nonce": "47744683", "echostr": Self.sampleEchostr]
        #expect(try endpoint().verifyURL(query: query, now: Fixtures.at("1476416373")) == "1288432023552776189")
        // A form decoder upstream would have turned every '+' into a space.
        var formDecoded = query
        formDecoded["echostr"] = Self.sampleEchostr.replacingOccurrences(of: "+", with: " ")
        #expect(try endpoint().verifyURL(query: formDecoded, now: Fixtures.at("1476416373")) == "1288432023552776189")
    }

    @Test("S4: the raw query with %2F and %3D is percent-decoded, and the answer is exactly the 19 bytes")
    func generatedVerification() throws {
        let vector = try Vectors.safe("S4")
        let query = try QueryString.decode(try #require(vector.query))
        #expect(query["echostr"] == vector.encryptB64)
        let answer = try endpoint(vector).verifyURL(query: query, now: Fixtures.at(vector.timestamp))
        #expect(answer == vector.expectedResponseBody)
        #expect(Array(answer.utf8) == Array("7389217736158405301".utf8))
    }

    @Test("V-G: wechatpy's echostr check, and its failing twin with a different nonce")
    func wechatpyVerification() throws {
        let wecom = try endpoint(token: Fixtures.wechatpyToken, corpID: Fixtures.wechatpyCorpID, key: Fixtures.wechatpyKey)
        var query = [
            "msg_signature": "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96", "timestamp": "1411443780", "nonce": "437374425",
            "echostr": "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==",
        ]
        #expect(try wecom.verifyURL(query: query, now: Fixtures.at("1411443780")) == "5927782489442352469")
        query["nonce"] = "437374424"
        #expect(code { try wecom.verifyURL(query: query, now: Fixtures.at("1411443780")) } == .badSignature)
    }

    @Test func verificationFailures() throws {
        let good = ["msg_signature": "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb", "timestamp": "1476416373", "nonce": "47744683", "echostr": Self.sampleEchostr]
        for name in good.keys {
            var missing = good
            missing[name] = nil
            #expect(code { try endpoint().verifyURL(query: missing, now: Fixtures.at("1476416373")) } == .missingParameter, "\(name)")
        }
        #expect(code { try endpoint(corpID: "ww0000000000000000").verifyURL(query: good, now: Fixtures.at("1476416373")) } == .appIdMismatch)
        #expect(code { try endpoint(token: "other").verifyURL(query: good, now: Fixtures.at("1476416373")) } == .badSignature)
    }

    // MARK: Inbound

    @Test("V-F: the official sample POST (no CDATA inside) decodes to 你好 from ChenJiaShun")
    func officialInbound() throws {
        let query = ["msg_signature": WeComSample.msgSignature, "timestamp": WeComSample.timestamp, "nonce": WeComSample.nonce]
        let inbound = try endpoint(agentID: 1_000_002).decodeInbound(
            query: query, body: Array(WeComSample.body.utf8), now: Fixtures.at(WeComSample.timestamp))
        #expect(inbound.message.content == .text("你好"))
        #expect(inbound.message.fromUserName == "ChenJiaShun")
        #expect(inbound.message.toUserName == Fixtures.wecomCorpID)
        #expect(inbound.message.agentID == 1_000_002)
        #expect(inbound.message.msgID == 1_456_453_720)
        #expect(inbound.nonce == WeComSample.nonce)
    }

    @Test("S3: a click event behind a binary random prefix")
    func generatedInbound() throws {
        let vector = try Vectors.safe("S3")
        let inbound = try endpoint(vector).decodeInbound(
            query: QueryString.decode(vector.query!), body: Array(vector.postBody!.utf8), now: Fixtures.at(vector.timestamp))
        #expect(inbound.message.content == .event(.click(eventKey: "MENU_HELP")))
        #expect(inbound.message.agentID == Int(vector.agentId!))
        #expect(inbound.message.fromUserName == "ZhangSan")
        #expect(inbound.message.dedupeKey == "evt:ZhangSan|1714200000|click|MENU_HELP")
    }

    @Test("wechatpy decrypt vector (tests/test_crypto.py test_decrypt_message)")
    func wechatpyInbound() throws {
        let wecom = try endpoint(token: Fixtures.wechatpyToken, corpID: Fixtures.wechatpyCorpID, key: Fixtures.wechatpyKey)
        let body = """
            <xml><ToUserName><![CDATA[wx49f0ab532d5d035a]]></ToUserName>
            <Encrypt><![CDATA[RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=]]></Encrypt>
            <AgentID><![CDATA[1]]></AgentID>
            </xml>
            """
        let query = ["msg_signature": "74d92dfeb87ba7c714f89d98870ae5eb62dff26d", "timestamp": "1411525903", "nonce": "461056294"]
        let inbound = try wecom.decodeInbound(query: query, body: Array(body.utf8), now: Fixtures.at("1411525903"))
        #expect(inbound.message.content == .text("test"))
        #expect(inbound.message.fromUserName == "messense")
    }

    @Test func inboundRefusals() throws {
        let vector = try Vectors.safe("S3")
        let query = try QueryString.decode(vector.query!)
        let body = Array(vector.postBody!.utf8)
        let now = Fixtures.at(vector.timestamp)
        #expect(code { try endpoint(vector).decodeInbound(query: query, body: body, now: now.addingTimeInterval(301)) } == .staleTimestamp)
        #expect(code { try endpoint(vector, agentID: 1_000_003).decodeInbound(query: query, body: body, now: now) } == .agentMismatch)
        #expect(code { try endpoint(vector, agentID: 1_000_002).decodeInbound(query: query, body: body, now: now) } == nil)
        #expect(code {
            try endpoint(token: vector.token, corpID: "ww0000000000000000", key: vector.encodingAesKey).decodeInbound(query: query, body: body, now: now)
        } == .appIdMismatch)
        var badSignature = query
        badSignature["msg_signature"] = "a87252c1eddff5e76e083620d345bf3b01227b28"
        #expect(code { try endpoint(vector).decodeInbound(query: badSignature, body: body, now: now) } == .badSignature)
        let doctype = Array(("<!DOCTYPE x>" + vector.postBody!).utf8)
        #expect(code { try endpoint(vector).decodeInbound(query: query, body: doctype, now: now) } == .doctypeRefused)
        let oversized = Array(repeating: UInt8(ascii: " "), count: 70_000)
        #expect(code { try endpoint(vector).decodeInbound(query: query, body: oversized, now: now) } == .bodyTooLarge)
    }

    // MARK: Replies

    @Test("wechatpy's fixed-random WeCom reply (test_encrypt_message) is reproduced byte for byte")
    func wechatpyReply() throws {
        let wecom = try endpoint(
            token: Fixtures.wechatpyToken, corpID: Fixtures.wechatpyCorpID, key: Fixtures.wechatpyKey,
            random: Fixtures.fixedRandom("1234567890123456"))
        let reply = """
            <xml>
            <MsgType><![CDATA[text]]></MsgType>
            <Content><![CDATA[test]]></Content>
            <FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>
            <ToUserName><![CDATA[messense]]></ToUserName>
            <AgentID>1</AgentID>
            <CreateTime>1411525903</CreateTime>
            </xml>
            """
        let expected = """
            <xml>
            <Encrypt><![CDATA[9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3]]></Encrypt>
            <MsgSignature><![CDATA[407518b7649e86ef23978113f92d27afa9296533]]></MsgSignature>
            <TimeStamp>1411525903</TimeStamp>
            <Nonce><![CDATA[461056294]]></Nonce>
            </xml>
            """
        #expect(try wecom.encodeReply(xml: reply, timestamp: 1_411_525_903, nonce: "461056294") == expected)
    }

    @Test("round trip: reply to S3 → signature verifies → the official algorithm decrypts → decodes again")
    func replyRoundTrip() throws {
        let vector = try Vectors.safe("S3")
        let wecom = try endpoint(vector)
        let inbound = try wecom.decodeInbound(query: QueryString.decode(vector.query!), body: Array(vector.postBody!.utf8), now: Fixtures.at(vector.timestamp))
        let reply = WeCom.TextReply(replyingTo: inbound.message, content: "请描述您的问题", createTime: 1_714_200_001)
        #expect(reply.toUserName == "ZhangSan")
        #expect(reply.fromUserName == vector.receiveId)
        let body = try wecom.encodeReply(xml: reply.xml, timestamp: 1_714_200_001, nonce: inbound.nonce)
        let envelope = try XML.Reader().parse(body)
        let encrypt = try #require(envelope.value("Encrypt"))
        let signature = try #require(envelope.value("MsgSignature"))
        try CallbackSignature.verify(signature, token: vector.token, timestamp: "1714200001", nonce: inbound.nonce, encrypted: encrypt)
        let reference = try ReferenceCipher(encodingAESKey: vector.encodingAesKey).decrypt(encrypt)
        #expect(String(decoding: reference.message, as: UTF8.self) == reply.xml)
        #expect(reference.receiveID == vector.receiveId)
        let again = try wecom.decodeInbound(
            query: ["msg_signature": signature, "timestamp": "1714200001", "nonce": inbound.nonce], body: Array(body.utf8),
            now: Fixtures.at("1714200001"))
        #expect(again.message.content == .text("请描述您的问题"))
    }

    @Test func configurationValidationAndRedaction() {
        #expect(code { try endpoint(token: "") } == .invalidConfiguration)
        #expect(code { try endpoint(corpID: "") } == .invalidConfiguration)
        #expect(code { try endpoint(key: "short") } == .invalidConfiguration)
        let config = WeCom.Endpoint.Configuration(token: Fixtures.wecomToken, corpID: Fixtures.wecomCorpID, encodingAESKey: Fixtures.wecomKey)
        #expect(!"\(config)".contains(Fixtures.wecomToken))
        #expect(!"\(config)".contains(Fixtures.wecomKey))
    }
}
