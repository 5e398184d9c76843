import Foundation
import HummingbirdTesting
import LinliCore
import LinliGateways
@testable import LinliServer
import Testing

@Suite("/wecom")
struct WeComRouteTests {
    static func text(_ content: String, from user: String = "ZhangSan", msgID: UInt64) -> String {
        "<xml><ToUserName><![CDATA[\(Harness.corpID)]]></ToUserName><FromUserName><![CDATA[\(user)]]></FromUserName>"
            + "<CreateTime>\(Harness.start)</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[\(content)]]></Content>"
            + "<MsgId>\(msgID)</MsgId><AgentID>1000002</AgentID></xml>"
    }

    @Test("URL verification answers the decrypted echostr of vector S4")
    func verification() async throws {
        let harness = try Harness()
        harness.clock.advance(by: 1_714_200_100 - Harness.start)
        try await harness.test { client in
            let query = "msg_signature=1df99ddaaa2c3d8f133a777f9cd28df5087eaf16&timestamp=1714200100&nonce=55512345"
                + "&echostr=wBYdGtp1PBBm0btUSNM4TsnkV4oyhNRt10Qr95EQpKwfLSupXqCAg53Dc6LrD5VOAdlQSF%2FvRXnD3p%2Fimr7KLA%3D%3D"
            let response = try await client.get("/wecom", query: query)
            #expect(response.status == .ok)
            #expect(response.text == "7389217736158405301")
            let forged = try await client.get("/wecom", query: query.replacingOccurrences(of: "1df99dd", with: "0df99dd"))
            #expect(forged.status == .unauthorized)
        }
    }

    @Test("M3: the audit's oracle: a push's own query and ciphertext sent as echostr are not decrypted")
    func verificationIsNoOracle() async throws {
        let harness = try Harness()
        let push = Self.text("我家电话13811112222", msgID: 424_242)
        let (query, body) = try Wire.wecom(push)
        let encrypted = try #require(try XML.Reader().parse(body).value("Encrypt"))
        let escaped = try #require(encrypted.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        try await harness.test { client in
            let observed = try await client.post("/wecom", query: query, body: body)
            #expect(observed.status == .ok)
            let oracle = try await client.get("/wecom", query: query + "&echostr=" + escaped)
            #expect(oracle.status == .badRequest)
            #expect(!oracle.text.contains("13811112222"))
            #expect(!oracle.text.contains("<xml>"))
        }
    }

    @Test("M3: our own encrypted reply, fed back as a verification, is not decrypted")
    func ownReplyIsNoOracle() async throws {
        let harness = try Harness()
        let (query, body) = try Wire.wecom(Self.text(WeChatRouteTests.report, msgID: 78))
        try await harness.test { client in
            let reply = try XML.Reader().parse(try await client.post("/wecom", query: query, body: body).text)
            let echostr = try #require(reply.value("Encrypt")?.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let replayed = "msg_signature=\(try #require(reply.value("MsgSignature")))&timestamp=\(try #require(reply.value("TimeStamp")))"
                + "&nonce=\(try #require(reply.value("Nonce")))&echostr=\(echostr)"
            let oracle = try await client.get("/wecom", query: replayed)
            #expect(oracle.status == .badRequest)
            #expect(!oracle.text.contains("#1"))
        }
    }

    @Test("M3: a genuine verification 30 days old is 401")
    func oldVerification() async throws {
        let harness = try Harness()
        harness.clock.advance(by: 1_714_200_100 - Harness.start + 30 * 86_400)
        try await harness.test { client in
            let query = "msg_signature=1df99ddaaa2c3d8f133a777f9cd28df5087eaf16&timestamp=1714200100&nonce=55512345"
                + "&echostr=wBYdGtp1PBBm0btUSNM4TsnkV4oyhNRt10Qr95EQpKwfLSupXqCAg53Dc6LrD5VOAdlQSF%2FvRXnD3p%2Fimr7KLA%3D%3D"
            let response = try await client.get("/wecom", query: query)
            #expect(response.status == .unauthorized)
            #expect(!response.text.contains("7389217736158405301"))
        }
    }

    @Test("L6: a WeCom UserID over 128 bytes is 400")
    func longUserID() async throws {
        let harness = try Harness()
        let (query, body) = try Wire.wecom(Self.text("你好", from: String(repeating: "Z", count: 129), msgID: 79))
        try await harness.test { client in
            let response = try await client.post("/wecom", query: query, body: body)
            #expect(response.status == .badRequest)
        }
        #expect(try harness.counts().inbox == 0)
    }

    @Test("an encrypted message gets an encrypted reply addressed to the member, with the request number")
    func roundTrip() async throws {
        let harness = try Harness()
        let (query, body) = try Wire.wecom(Self.text(WeChatRouteTests.report, msgID: 77))
        let reply = try await harness.test { client in
            let response = try await client.post("/wecom", query: query, body: body)
            #expect(response.status == .ok)
            return response.text
        }
        let endpoint = try WeCom.Endpoint(configuration: .init(token: Harness.token, corpID: Harness.corpID, encodingAESKey: Harness.aesKey))
        let decoded = try Wire.open(reply: reply) { query, body in
            try endpoint.decodeInbound(query: query, body: body, now: harness.clock.now)
        }
        #expect(decoded.message.toUserName == "ZhangSan")
        #expect(decoded.message.fromUserName == Harness.corpID)
        let request = try #require(try harness.requests().first)
        #expect(request.resident == "wecom:ZhangSan")
        guard case .text(let text) = decoded.message.content else {
            Issue.record("reply is not text")
            return
        }
        #expect(text.contains("#\(request.number)"))
    }

    @Test("the click event of vector S3 reaches the engine and is answered encrypted")
    func clickVector() async throws {
        let harness = try Harness()
        harness.clock.advance(by: 1_714_200_000 - Harness.start)
        let query = "msg_signature=a87252c1eddff5e76e083620d345bf3b01227b27&timestamp=1714200000&nonce=998877665"
        let body = "<xml><ToUserName><![CDATA[ww8f2c4a6e1b3d5f70]]></ToUserName><Encrypt><![CDATA[QLltA28DyAi+EpHldtuzgSwgZ770Fh+YKlRYVdpAx6afD/rOa3P8npu2B7X7LFfKKkm4MQM2NACQAgqi0zkwn6NbT8RR+l7aq/+nt4RpO1VQjZD7ZbWOENjIY9axxqXSiJAncd4lLn303xZOpIyEtcosL308G10dgSUFJIgro9D3wxwpLxSHMh1pYczenUOQIC/HkNocz9RrH3czhggz9vXrL8h2o6RiXH/6NI4t6tfP+P2oga6OsHrrpbpzxpTBf9KSOgBnE7ywr+cLUkJLSeK54rRSjMNz0fU1H1Veh3TXYfYP8Z8URXkOb3ljWOUZ2b9Dc8bFCC4gz7vQXvyw9QngKW9wBn4TPwfitlkCJWIKDmXhTzIIJ22vsK8vsNX5QOkAx/RDuZjTQcv0s77Qer20dlnuT2g+lcjm6faS2j5lkZiZ1+mGckIj8TD5fHAPbOfgjfV7nfta8hzAvRJsfg==]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>"
        let reply = try await harness.test { client in
            let response = try await client.post("/wecom", query: query, body: body)
            #expect(response.status == .ok)
            return response.text
        }
        let endpoint = try WeCom.Endpoint(configuration: .init(token: Harness.token, corpID: Harness.corpID, encodingAESKey: Harness.aesKey))
        let decoded = try Wire.open(reply: reply) { query, body in
            try endpoint.decodeInbound(query: query, body: body, now: harness.clock.now)
        }
        #expect(decoded.message.toUserName == "ZhangSan")
        #expect(decoded.nonce == "998877665")
        #expect(try harness.counts().inbox == 1)
    }

    @Test("an event with nothing to answer gets an empty 200")
    func silentEvent() async throws {
        let harness = try Harness()
        try await harness.test { client in
            let enter = "<xml><ToUserName><![CDATA[\(Harness.corpID)]]></ToUserName><FromUserName><![CDATA[ZhangSan]]></FromUserName>"
                + "<CreateTime>\(Harness.start)</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event>"
                + "<AgentID>1000002</AgentID></xml>"
            let (query, body) = try Wire.wecom(enter)
            let response = try await client.post("/wecom", query: query, body: body)
            #expect(response.status == .ok)
            #expect(response.body.readableBytes == 0)
        }
    }

    @Test("a push for another app of the corp is refused with 403")
    func otherAgent() async throws {
        let harness = try Harness()
        let xml = Self.text("你好", msgID: 78).replacingOccurrences(of: "<AgentID>1000002</AgentID>", with: "<AgentID>1000009</AgentID>")
        let (query, body) = try Wire.wecom(xml)
        try await harness.test { client in
            let response = try await client.post("/wecom", query: query, body: body)
            #expect(response.status == .forbidden)
        }
        #expect(try harness.counts().inbox == 0)
    }
}
