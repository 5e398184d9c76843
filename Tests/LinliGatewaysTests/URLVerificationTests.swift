import Foundation
import LinliGateways
import Testing

/// URL verification (`GET ?echostr`) must neither decrypt nor reflect anything but the
/// platform's short token, and only while the request is fresh (audit M3, L3).
@Suite("URL verification: no oracle, no reflection")
struct URLVerificationTests {
    private func wecom(_ vector: Vectors.Safe, random: RandomSource = .system) throws -> WeCom.Endpoint {
        try WeCom.Endpoint(
            configuration: .init(token: vector.token, corpID: vector.receiveId, encodingAESKey: vector.encodingAesKey), random: random)
    }

    private static let thirtyDays: TimeInterval = 30 * 86_400

    // MARK: WeCom (M3)

    @Test("M3: a genuine, fresh verification still answers the decrypted token")
    func freshVerification() throws {
        let vector = try Vectors.safe("S4")
        let query = try QueryString.decode(try #require(vector.query))
        #expect(try wecom(vector).verifyURL(query: query, now: Fixtures.at(vector.timestamp).addingTimeInterval(299)) == vector.msg)
    }

    @Test("M3: a validly signed verification 30 days old is refused")
    func oldVerification() throws {
        let vector = try Vectors.safe("S4")
        let query = try QueryString.decode(try #require(vector.query))
        let now = Fixtures.at(vector.timestamp)
        #expect(code { try wecom(vector).verifyURL(query: query, now: now.addingTimeInterval(Self.thirtyDays)) } == .staleTimestamp)
        #expect(code { try wecom(vector).verifyURL(query: query, now: now.addingTimeInterval(-301)) } == .staleTimestamp)
    }

    @Test("M3: an observed push, its signature and ciphertext replayed as echostr, is not decrypted")
    func pushReplayedAsEchostr() throws {
        let vector = try Vectors.safe("S3")
        var query = try QueryString.decode(try #require(vector.query))
        query["echostr"] = vector.encryptB64
        let endpoint = try wecom(vector)
        let now = Fixtures.at(vector.timestamp)
        do {
            let answer = try endpoint.verifyURL(query: query, now: now)
            Issue.record("decrypted the push: \(answer)")
        } catch {
            #expect(error.code == .malformedParameter)
            #expect(error.value == "echostr")
            #expect(!error.description.contains("ZhangSan"))
        }
    }

    @Test("M3: our own encrypted passive reply, fed back as a verification, is not decrypted")
    func ownReplyReplayedAsEchostr() throws {
        let vector = try Vectors.safe("S3")
        let endpoint = try wecom(vector)
        let seconds: Int64 = 1_714_200_001
        let envelope = try XML.Reader().parse(
            endpoint.encodeReply(xml: "<xml><Content><![CDATA[我家电话13811112222]]></Content></xml>", timestamp: seconds, nonce: "123"))
        let query = [
            "msg_signature": try #require(envelope.value("MsgSignature")), "timestamp": try #require(envelope.value("TimeStamp")),
            "nonce": try #require(envelope.value("Nonce")), "echostr": try #require(envelope.value("Encrypt")),
        ]
        #expect(code { try endpoint.verifyURL(query: query, now: Date(timeIntervalSince1970: TimeInterval(seconds))) } == .malformedParameter)
    }

    @Test("M3: decrypted echostrs that are long, markup or control characters are refused; short tokens pass", arguments: [
        ("5927782489442352469", true), (String(repeating: "7", count: 64), true), ("token-AbC_9", true),
        (String(repeating: "7", count: 65), false), ("<xml/>", false), ("a&b", false), ("abc\u{1}", false), ("tab\there", false),
        ("数字", false), ("", false),
    ])
    func decryptedTokenShape(plaintext: String, accepted: Bool) throws {
        let vector = try Vectors.safe("S4")
        let cipher = try MessageCipher(encodingAESKey: vector.encodingAesKey, receiveID: vector.receiveId)
        let encrypted = try cipher.encrypt(plaintext, random: .system)
        let query = [
            "msg_signature": CallbackSignature.compute(token: vector.token, timestamp: vector.timestamp, nonce: "1", encrypted: encrypted),
            "timestamp": vector.timestamp, "nonce": "1", "echostr": encrypted,
        ]
        let result = code { try wecom(vector).verifyURL(query: query, now: Fixtures.at(vector.timestamp)) }
        #expect(result == (accepted ? nil : .malformedParameter))
    }

    // MARK: WeChat (L3)

    private static let wechat = try! WeChat.Endpoint(configuration: .init(token: "AAAAA", appID: Fixtures.officialAppID))

    private static func wechatQuery(timestamp: String = "1714036504", nonce: String = "1514711492", echostr: String) -> [String: String] {
        ["signature": CallbackSignature.compute(token: "AAAAA", timestamp: timestamp, nonce: nonce), "timestamp": timestamp,
         "nonce": nonce, "echostr": echostr]
    }

    @Test("L3: a once-valid WeChat verification is refused outside the window")
    func wechatWindow() throws {
        let query = Self.wechatQuery(echostr: "4375120948345356249")
        let now = Fixtures.at("1714036504")
        #expect(try Self.wechat.verifyURL(query: query, now: now.addingTimeInterval(300)) == "4375120948345356249")
        #expect(code { try Self.wechat.verifyURL(query: query, now: now.addingTimeInterval(301)) } == .staleTimestamp)
        #expect(code { try Self.wechat.verifyURL(query: query, now: now.addingTimeInterval(Self.thirtyDays)) } == .staleTimestamp)
    }

    @Test("L3: only 1 to 32 letters or digits are echoed", arguments: [
        ("4375120948345356249", true), ("AbC123", true), (String(repeating: "9", count: 32), true),
        (String(repeating: "9", count: 33), false), ("<script>alert(1)</script>", false), ("12 34", false), ("12%", false),
        ("１２３", false), ("a+b", false),
    ])
    func wechatEchostrShape(echostr: String, accepted: Bool) {
        let result = code { try Self.wechat.verifyURL(query: Self.wechatQuery(echostr: echostr), now: Fixtures.at("1714036504")) }
        #expect(result == (accepted ? nil : .malformedParameter))
    }
}
