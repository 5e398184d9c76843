import Foundation
import LinliGateways
import Testing

/// The wire form of every outbound call, as the platforms' documentation gives it.
@Suite("Outbound: API requests")
struct OutboundRequestTests {
    static let wechat = WeChatAPI.Configuration(appID: "wx5a9e3c1f0b7d2e48", appSecret: "app-secret-0123")
    static let wecom = WeComAPI.Configuration(corpID: "ww8f2c4a6e1b3d5f70", corpSecret: "corp-secret-4567", agentID: 1_000_002)

    @Test func weChatTokenRequest() async throws {
        let platform = OutboundFakePlatform()
        let api = WeChatAPI(configuration: Self.wechat, httpClient: platform)
        let token = try await api.fetchToken()
        #expect(token == AccessToken(value: "TOKEN-1", expiresIn: .seconds(7200)))
        let request = try #require(platform.requests.first)
        #expect(request.method == .get)
        #expect(request.url.absoluteString ==
            "https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx5a9e3c1f0b7d2e48&secret=app-secret-0123")
        #expect(request.body.isEmpty)
    }

    @Test func weChatCustomerServiceText() async throws {
        let platform = OutboundFakePlatform()
        let api = WeChatAPI(configuration: Self.wechat, httpClient: platform)
        let token = try await api.fetchToken()
        let answer = try await api.sendText("您的工单 #27 已办结\n请评价 \"满意\"", to: "oQx7a5KJ2d8nA1bC3dE4fG5hI6jK", accessToken: token.value)
        #expect(answer == .ok)
        let request = try #require(platform.requests.last)
        #expect(request.method == .post)
        #expect(request.url.absoluteString == "https://api.weixin.qq.com/cgi-bin/message/custom/send?access_token=TOKEN-1")
        #expect(String(decoding: request.body, as: UTF8.self) ==
            #"{"touser":"oQx7a5KJ2d8nA1bC3dE4fG5hI6jK","msgtype":"text","text":{"content":"您的工单 #27 已办结\n请评价 \"满意\""}}"#)
        #expect(request.headers["Content-Type"]?.hasPrefix("application/json") == true)
        // The body is JSON that any parser reads back to the same text.
        let object = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        #expect((object["text"] as? [String: Any])?["content"] as? String == "您的工单 #27 已办结\n请评价 \"满意\"")
    }

    @Test func weComTokenAndAppMessage() async throws {
        let platform = OutboundFakePlatform()
        let api = WeComAPI(configuration: Self.wecom, httpClient: platform)
        let token = try await api.fetchToken()
        #expect(try await api.sendText("新工单 #3：楼道灯坏了", to: "ZhangSan", accessToken: token.value) == .ok)

        let requests = platform.requests
        try #require(requests.count == 2)
        #expect(requests[0].method == .get)
        #expect(requests[0].url.absoluteString ==
            "https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww8f2c4a6e1b3d5f70&corpsecret=corp-secret-4567")
        #expect(requests[1].method == .post)
        #expect(requests[1].url.absoluteString == "https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token=TOKEN-1")
        #expect(String(decoding: requests[1].body, as: UTF8.self) ==
            #"{"touser":"ZhangSan","msgtype":"text","agentid":1000002,"text":{"content":"新工单 #3：楼道灯坏了"}}"#)
    }

    @Test func anAPIBaseWithAPathAndReservedCharactersInValues() throws {
        let configuration = WeChatAPI.Configuration(appID: "wx1", appSecret: "a+b&c=d/e",
                                                    apiBase: URL(string: "http://127.0.0.1:9/tencent/")!)
        let api = WeChatAPI(configuration: configuration, httpClient: OutboundFakePlatform())
        #expect(try api.tokenRequest().url.absoluteString ==
            "http://127.0.0.1:9/tencent/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=a%2Bb%26c%3Dd%2Fe")
        #expect(try api.customTextRequest("x", to: "o1", accessToken: "tok-en_*").url.absoluteString ==
            "http://127.0.0.1:9/tencent/cgi-bin/message/custom/send?access_token=tok-en_%2A")
    }

    @Test(arguments: [
        (#"{"errcode":0,"errmsg":"ok"}"#, PlatformAnswer.ok),
        (#"{"access_token":"x","expires_in":7200}"#, .ok),
        (#"{"errcode":45015,"errmsg":"response out of time limit"}"#, .error(code: 45015)),
        (#"{"errcode":-1,"errmsg":"system error"}"#, .error(code: -1)),
        ("<html>bad gateway</html>", .unreadable),
        (#"{"errcode":"45015"}"#, .unreadable),
    ])
    func platformAnswersAreReadOnErrcode(body: String, expected: PlatformAnswer) {
        #expect(PlatformAnswer(HTTPResponse(status: 200, body: Data(body.utf8))) == expected)
    }

    @Test func aNon2xxStatusIsItsOwnAnswer() {
        #expect(PlatformAnswer(HTTPResponse(status: 502, body: Data(#"{"errcode":0}"#.utf8))) == .httpStatus(502))
    }

    @Test func anAbsurdTokenLifetimeIsCappedAtADay() async throws {
        let platform = OutboundFakePlatform()
        platform.script("/cgi-bin/token", .json(#"{"access_token":"t","expires_in":9223372036854775807}"#),
                        .json(#"{"access_token":"t","expires_in":7200}"#))
        let api = WeChatAPI(configuration: Self.wechat, httpClient: platform)
        #expect(try await api.fetchToken().expiresIn == .seconds(86_400))
        #expect(try await api.fetchToken().expiresIn == .seconds(7_200))
    }

    @Test func tokenEndpointRefusalsThrowWithTheErrcodeAndNoSecret() async throws {
        let platform = OutboundFakePlatform()
        platform.script("/cgi-bin/token", .json(#"{"errcode":40013,"errmsg":"invalid appid"}"#),
                        .json(#"{"expires_in":7200}"#), .status(503, "busy"))
        let api = WeChatAPI(configuration: Self.wechat, httpClient: platform)

        let refused = try await #require(throws: GatewayError.self) { try await api.fetchToken() }
        #expect(refused.code == .invalidConfiguration)
        #expect(refused.value == "errcode 40013")
        let incomplete = try await #require(throws: GatewayError.self) { try await api.fetchToken() }
        #expect(incomplete.code == .malformedJSON)
        #expect(incomplete.value == "access_token")
        let unavailable = try await #require(throws: GatewayError.self) { try await api.fetchToken() }
        #expect(unavailable.value == "HTTP 503")
        for error in [refused, incomplete, unavailable] {
            #expect(!error.description.contains("app-secret-0123"))
        }
    }

    @Test func configurationsAndRequestsDoNotPrintSecrets() throws {
        let api = WeChatAPI(configuration: Self.wechat, httpClient: OutboundFakePlatform())
        let request = try api.customTextRequest("hi", to: "o1", accessToken: "TOKEN-SHOULD-NOT-SHOW")
        #expect(!"\(request)".contains("TOKEN-SHOULD-NOT-SHOW"))
        #expect(!"\(try api.tokenRequest())".contains("app-secret-0123"))
        #expect(!"\(Self.wechat)".contains("app-secret-0123"))
        #expect(!"\(Self.wecom)".contains("corp-secret-4567"))
        let hook = WebhookCallback.Configuration(url: URL(string: "https://hooks.example/cb?key=k")!, secret: "hook-secret")
        #expect(!"\(hook)".contains("hook-secret"))
    }
}
