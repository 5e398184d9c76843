import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliCore
import LinliGateways
@testable import LinliServer
import LinliSQLite
import Testing

@Suite("/wechat")
struct WeChatRouteTests {
    static let report = "凤鸣小区4号楼3单元的楼道灯坏了一个多月了"

    @Test("URL verification echoes echostr for a good signature and refuses a bad one")
    func verification() async throws {
        let harness = try Harness()
        try await harness.test { client in
            let good = try await client.get("/wechat", query: Wire.plainQuery() + "&echostr=4375120948345356249")
            #expect(good.status == .ok)
            #expect(good.text == "4375120948345356249")
            let bad = try await client.get("/wechat", query: Wire.plainQuery(token: "wrong") + "&echostr=4375120948345356249")
            #expect(bad.status == .unauthorized)
            #expect(!bad.text.contains("4375120948345356249"))
        }
    }

    @Test("URL verification reproduces vector P1")
    func verificationVector() async throws {
        let harness = try Harness()
        harness.clock.advance(by: 1_714_036_504 - Harness.start)
        try await harness.test { client in
            let response = try await client.get(
                "/wechat", query: "signature=9d8a7f7cd4c385c366bb67aeec7d7b7eb8fb119a&timestamp=1714036504&nonce=1514711492&echostr=4375120948345356249")
            #expect(response.status == .ok)
            #expect(response.text == "4375120948345356249")
        }
    }

    @Test("L3: a verification outside the window is 401, an echostr that is not a short token 400 and never echoed")
    func verificationHardening() async throws {
        let harness = try Harness()
        try await harness.test { client in
            let old = try await client.get("/wechat", query: Wire.plainQuery(timestamp: "1700000000") + "&echostr=4375120948345356249")
            #expect(old.status == .unauthorized)
            #expect(!old.text.contains("4375120948345356249"))
            let script = try await client.get("/wechat", query: Wire.plainQuery() + "&echostr=%3Cscript%3Ealert(1)%3C/script%3E")
            #expect(script.status == .badRequest)
            #expect(!script.text.contains("<script>"))
            let good = try await client.get("/wechat", query: Wire.plainQuery() + "&echostr=4375120948345356249")
            #expect(good.text == "4375120948345356249")
            #expect(good.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(script.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
        }
    }

    @Test("M4: a resident's plain-mode query replayed with a staff member's body is 401; the store sees only the first")
    func plainModeReplay() async throws {
        let harness = try Harness()
        let query = Wire.plainQuery(nonce: "42")
        try await harness.test { client in
            let first = try await client.post("/wechat", query: query, body: Wire.text(Self.report, from: "oresident", msgID: 1))
            #expect(first.status == .ok)
            harness.clock.advance(by: 2)
            for msgID: UInt64 in [2, 3] {
                let forged = try await client.post("/wechat", query: query, body: Wire.text("详情 1", from: "worker-openid", msgID: msgID))
                #expect(forged.status == .unauthorized)
                #expect(!forged.text.contains("凤鸣小区"))
            }
        }
        #expect(try harness.counts().inbox == 1)
    }

    @Test("M4: the platform's retry of the same push under the same query is answered as before")
    func plainModeRetrySameQuery() async throws {
        let harness = try Harness()
        let query = Wire.plainQuery(nonce: "43")
        let body = Wire.text(Self.report, msgID: 5005)
        let (first, second) = try await harness.test { client in
            let first = try await client.post("/wechat", query: query, body: body)
            harness.clock.advance(by: 5)
            let second = try await client.post("/wechat", query: query, body: body)
            #expect(second.status == .ok)
            return (first.text, second.text)
        }
        #expect(try Wire.content(ofPlainReply: first) == Wire.content(ofPlainReply: second))
        #expect(try harness.requests().count == 1)
    }

    @Test("L6, L7: a 60 KB FromUserName or a NUL in the text is 400 and stored nowhere")
    func identifierAndControlBounds() async throws {
        let harness = try Harness()
        try await harness.test { client in
            let long = try await client.post("/wechat", query: Wire.plainQuery(), body: Wire.text("你好", from: String(repeating: "a", count: 60_000), msgID: 1))
            #expect(long.status == .badRequest)
            let nul = try await client.post("/wechat", query: Wire.plainQuery(), body: Wire.text("凤鸣小区3号楼\u{0}有人飞线充电", msgID: 2))
            #expect(nul.status == .badRequest)
        }
        let counts = try harness.counts()
        #expect(counts.inbox == 0 && counts.conversations == 0)
    }

    @Test("a plain-mode report gets a passive XML reply with its request number")
    func plainReport() async throws {
        let harness = try Harness()
        let reply = try await harness.test { client in
            let response = try await client.post("/wechat", query: Wire.plainQuery(), body: Wire.text(Self.report, msgID: 1001))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/xml") == true)
            return response.text
        }
        let root = try XML.Reader().parse(reply)
        #expect(root.value("ToUserName") == "oUser-openid")
        #expect(root.value("FromUserName") == Harness.accountID)
        #expect(root.value("MsgType") == "text")
        let requests = try harness.requests()
        try #require(requests.count == 1)
        #expect(requests[0].resident == "wechat:oUser-openid")
        #expect(requests[0].slots["community"] == "凤鸣小区")
        #expect(root.value("Content")?.contains("#\(requests[0].number)") == true)
        // The grid worker is told through the outbox.
        #expect(try harness.outbox(for: "wechat:worker-openid").count == 1)
    }

    @Test("a safe-mode push gets an encrypted reply that the endpoint decrypts and whose signature holds")
    func safeMode() async throws {
        let harness = try Harness(encrypted: true)
        let (query, body) = try Wire.safe(Wire.text(Self.report, msgID: 2002))
        let reply = try await harness.test { client in
            let response = try await client.post("/wechat", query: query, body: body)
            #expect(response.status == .ok)
            return response.text
        }
        #expect(!reply.contains("凤鸣"), "the reply must be encrypted")
        let endpoint = try WeChat.Endpoint(configuration: .init(token: Harness.token, appID: Harness.appID, encodingAESKey: Harness.aesKey))
        let decoded = try Wire.open(reply: reply) { query, body in
            try endpoint.decodeInbound(query: query, body: body, now: harness.clock.now)
        }
        #expect(decoded.nonce == "1320562132", "the reply echoes the request nonce")
        guard case .text(let text) = decoded.message.content else {
            Issue.record("reply is not text: \(decoded.message.content)")
            return
        }
        let number = try #require(try harness.requests().first?.number)
        #expect(text.contains("#\(number)"))
        #expect(decoded.message.toUserName == "oUser-openid")
        #expect(decoded.mode == .safe)
    }

    @Test("the published safe-mode vector S1 is accepted and answered encrypted")
    func safeModeVector() async throws {
        let harness = try Harness(encrypted: true)
        let query = "signature=7b0c02b7dd9aedf453e362aac8a2fe58ab8c111a&timestamp=1714112445&nonce=1320562132"
            + "&openid=oQx7a5KJ2d8nA1bC3dE4fG5hI6jK&encrypt_type=aes&msg_signature=1a34b549085b2e8a8801a80041069b990e9d4bbf"
        let body = "<xml>\n<ToUserName><![CDATA[gh_8a2b3c4d5e6f]]></ToUserName>\n<Encrypt><![CDATA[KbYJliptMgC03NU7QplVhX1IjgmRt39KW/H5y8BTGh7XOXt0kVVrtVhqbMRgyg5sggy3m2GTj1tE9S/GsYTbSBjzFm1wvCBR7MpgcHlaDRLgdvJZUlpklQumkXKWO1siXpC5r08pC1GGW0QEgCr+IPNEGYMQMp9a5LzLYF0hkOgFrIMEgEeIVpuEvq/H+QGzOHikjJxa7rCHahsFGD3Vq/i66uWHYzfXvu1MdC/LDPK1GYVIDgwxKumXG2a2SAXNjOz+TyqTJCjT4ZOspWsPdcbw5/4aoRKQukEE9f2NcH9VyBlJCYSA4jWtCNzkDrNGwigTTjFJKm0Mks0T0N6NUlMmZoR0DBOM5Rtbnb7cqSQ1j2VIyFzCClKGbt/egWEgOmtSQIiY7kWdphueL4uzU1nx1zz8oehLlHGTBGQOnFZ30CwSG1wrVXkHQ7K/OfDulg4BNtLnWaQO1ToXOkpZ4Q==]]></Encrypt>\n</xml>"
        let reply = try await harness.test { client in
            let response = try await client.post("/wechat", query: query, body: body)
            #expect(response.status == .ok)
            return response.text
        }
        let endpoint = try WeChat.Endpoint(configuration: .init(token: Harness.token, appID: Harness.appID, encodingAESKey: Harness.aesKey))
        let decoded = try Wire.open(reply: reply) { query, body in
            try endpoint.decodeInbound(query: query, body: body, now: harness.clock.now)
        }
        #expect(decoded.message.toUserName == "oQx7a5KJ2d8nA1bC3dE4fG5hI6jK")
        #expect(decoded.message.fromUserName == "gh_8a2b3c4d5e6f")
        #expect(decoded.mode == .safe)
        // The greeting in the vector reached the engine under the vector's MsgId.
        #expect(try harness.counts().inbox == 1)
    }

    @Test("the same MsgId twice opens one request and gets the same reply")
    func retry() async throws {
        let harness = try Harness()
        let (first, second) = try await harness.test { client in
            let first = try await client.post("/wechat", query: Wire.plainQuery(), body: Wire.text(Self.report, msgID: 3003))
            harness.clock.advance(by: 5)
            let second = try await client.post("/wechat", query: Wire.plainQuery(timestamp: harness.clock.timestamp),
                                               body: Wire.text(Self.report, msgID: 3003))
            return (first.text, second.text)
        }
        #expect(try harness.requests().count == 1)
        #expect(try Wire.content(ofPlainReply: first) == Wire.content(ofPlainReply: second))
        #expect(try Wire.content(ofPlainReply: first)?.contains("#1") == true)
        #expect(try harness.outbox(for: "wechat:worker-openid").count == 1, "the grid worker is told once")
    }

    @Test("refused pushes get their status and leave the store untouched", arguments: Refusal.allCases)
    func refused(_ refusal: Refusal) async throws {
        let harness = try Harness()
        let status = try await harness.test { client in
            let (query, body) = refusal.request()
            return try await client.post("/wechat", query: query, body: body).status
        }
        #expect(status.code == refusal.status)
        let counts = try harness.counts()
        #expect(counts.inbox == 0 && counts.conversations == 0 && counts.requests == 0 && counts.events == 0 && counts.outbox == 0)
    }

    enum Refusal: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case malformedXML, doctype, badSignature, staleTimestamp, oversized, missingSignature, encryptedWithoutKey

        var testDescription: String { rawValue }

        var status: Int {
            switch self {
            case .malformedXML, .doctype, .missingSignature: return 400
            case .badSignature, .staleTimestamp: return 401
            case .oversized: return 413
            case .encryptedWithoutKey: return 400
            }
        }

        func request() -> (query: String, body: String) {
            switch self {
            case .malformedXML:
                return (Wire.plainQuery(), "<xml><ToUserName>gh</ToUserName><Content>unclosed")
            case .doctype:
                return (Wire.plainQuery(), "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + Wire.text("&x;", msgID: 7))
            case .badSignature:
                return (Wire.plainQuery(token: "not-the-token"), Wire.text(WeChatRouteTests.report, msgID: 8))
            case .staleTimestamp:
                return (Wire.plainQuery(timestamp: String(Harness.start - 301)), Wire.text(WeChatRouteTests.report, msgID: 9))
            case .oversized:
                return (Wire.plainQuery(), Wire.text(String(repeating: "灯", count: 70_000 / 3), msgID: 10))
            case .missingSignature:
                return ("timestamp=\(Harness.start)&nonce=n", Wire.text(WeChatRouteTests.report, msgID: 11))
            case .encryptedWithoutKey:
                // The harness account is in plain mode: an encrypted push cannot be read.
                return (Wire.plainQuery() + "&encrypt_type=aes&msg_signature=00", "<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>")
            }
        }
    }

    @Test("a safe-mode account refuses a plaintext push")
    func plaintextToSafeAccount() async throws {
        let harness = try Harness(encrypted: true)
        try await harness.test { client in
            let response = try await client.post("/wechat", query: Wire.plainQuery(), body: Wire.text(Self.report, msgID: 12))
            #expect(response.status == .badRequest)
        }
        #expect(try harness.counts().inbox == 0)
    }

    @Test("a rejected MsgId is not remembered: the valid push with it is handled afresh")
    func rejectionLeavesNoDedupeRow() async throws {
        let harness = try Harness()
        try await harness.test { client in
            let bad = try await client.post("/wechat", query: Wire.plainQuery(token: "x"), body: Wire.text(Self.report, msgID: 4004))
            #expect(bad.status == .unauthorized)
            let good = try await client.post("/wechat", query: Wire.plainQuery(), body: Wire.text(Self.report, msgID: 4004))
            #expect(try Wire.content(ofPlainReply: good.text)?.contains("#1") == true)
        }
    }

    @Test("subscribe gets the welcome, a mapped menu click is understood as its words")
    func events() async throws {
        let harness = try Harness()
        try await harness.test { client in
            let welcome = try await client.post("/wechat", query: Wire.plainQuery(), body: Wire.event("subscribe"))
            #expect(try Wire.content(ofPlainReply: welcome.text) == Harness.responses.render(.welcome))
            harness.clock.advance(by: 1)
            let click = try await client.post("/wechat", query: Wire.plainQuery(timestamp: harness.clock.timestamp),
                                              body: Wire.event("CLICK", key: "REPORT", at: Harness.start + 1))
            #expect(click.status == .ok)
            #expect(click.text.hasPrefix("<xml>"), "the menu words get an answer: \(click.text)")
        }
    }

    @Test("VIEW, SCAN, LOCATION and unsubscribe are acknowledged with success, recorded once, unanswered")
    func silentEvents() async throws {
        let harness = try Harness()
        try await harness.test { client in
            let events = [Wire.event("VIEW", key: "https://example.org/"), Wire.event("SCAN", key: "42"),
                          "<xml><ToUserName>gh</ToUserName><FromUserName>oUser-openid</FromUserName><CreateTime>\(Harness.start)</CreateTime><MsgType>event</MsgType><Event>LOCATION</Event><Latitude>34.5</Latitude><Longitude>107.4</Longitude></xml>",
                          Wire.event("unsubscribe")]
            for event in events {
                let response = try await client.post("/wechat", query: Wire.plainQuery(), body: event)
                #expect(response.status == .ok)
                #expect(response.text == "success")
                let retry = try await client.post("/wechat", query: Wire.plainQuery(), body: event)
                #expect(retry.text == "success")
            }
        }
        let counts = try harness.counts()
        // The unsubscribe erased the user's earlier records: only its own dedupe row is left.
        #expect(counts.inbox == 1)
        #expect(counts.conversations == 0 && counts.requests == 0 && counts.outbox == 0)
    }

    @Test("an engine failure answers 503 so that the platform retries, and nothing is kept")
    func engineFailure() async throws {
        let harness = try Harness { BrokenStore(inner: $0) }
        try await harness.test { client in
            let response = try await client.post("/wechat", query: Wire.plainQuery(), body: Wire.text(Self.report, msgID: 5005))
            #expect(response.status == .serviceUnavailable)
            // The server is still there.
            #expect(try await client.get("/healthz").status == .serviceUnavailable)
        }
        #expect(try harness.counts().inbox == 0)
    }
}
