import Foundation
import LinliCore
import LinliGateways
import Logging
import Testing

@Suite("Outbound: courier")
struct OutboundCourierTests {
    static let wechat = WeChatAPI.Configuration(appID: "wx5a9e3c1f0b7d2e48", appSecret: "app-secret-0123")
    static let wecom = WeComAPI.Configuration(corpID: "ww8f2c4a6e1b3d5f70", corpSecret: "corp-secret-4567", agentID: 1_000_002)
    static let webhook = WebhookCallback.Configuration(url: URL(string: "http://127.0.0.1:9/callback")!, secret: "callback-secret")
    static let send = "/cgi-bin/message/custom/send"
    static let weComSend = "/cgi-bin/message/send"

    let platform = OutboundFakePlatform()
    let logs = OutboundLogRecorder()

    func courier(wechat: WeChatAPI.Configuration? = Self.wechat, wecom: WeComAPI.Configuration? = Self.wecom,
                 webhook: WebhookCallback.Configuration? = Self.webhook, clock: ManualClock = .init()) -> Courier {
        Courier(httpClient: platform, wechat: wechat, wecom: wecom, webhook: webhook, clock: clock, logger: logs.logger())
    }

    func message(_ recipient: String, _ text: String = "您的工单 #1 已派单") -> OutboundMessage {
        OutboundMessage(recipient: recipient, text: text)
    }

    @Test func weChatMessagesShareOneToken() async {
        let courier = courier()
        #expect(await courier.send(message("wechat:alice")) == .delivered)
        #expect(await courier.send(message("wechat:bob")) == .delivered)
        #expect(platform.requests(to: "/cgi-bin/token").count == 1)
        #expect(platform.requests(to: Self.send).map { String(decoding: $0.body, as: UTF8.self) } == [
            #"{"touser":"alice","msgtype":"text","text":{"content":"您的工单 #1 已派单"}}"#,
            #"{"touser":"bob","msgtype":"text","text":{"content":"您的工单 #1 已派单"}}"#,
        ])
    }

    @Test func anExpiredTokenIsFetchedAgainWhenItRunsOut() async {
        let clock = ManualClock()
        let courier = courier(clock: clock)
        #expect(await courier.send(message("wechat:alice")) == .delivered)
        clock.advance(by: .seconds(6900))
        #expect(await courier.send(message("wechat:alice")) == .delivered)
        #expect(platform.requests(to: "/cgi-bin/token").count == 2)
        #expect(platform.requests(to: Self.send).last?.url.query == "access_token=TOKEN-2")
    }

    @Test func aTokenRejectedMidwayIsRefreshedOnceAndTheMessageDelivered() async {
        let courier = courier()
        #expect(await courier.send(message("wechat:alice", "第一条")) == .delivered)
        platform.revokeTokens()
        #expect(await courier.send(message("wechat:alice", "第二条")) == .delivered)

        let paths = platform.requests.map { "\($0.url.path)?\($0.url.query ?? "")" }
        #expect(paths == [
            "/cgi-bin/token?grant_type=client_credential&appid=wx5a9e3c1f0b7d2e48&secret=app-secret-0123",
            "\(Self.send)?access_token=TOKEN-1",
            "\(Self.send)?access_token=TOKEN-1",
            "/cgi-bin/token?grant_type=client_credential&appid=wx5a9e3c1f0b7d2e48&secret=app-secret-0123",
            "\(Self.send)?access_token=TOKEN-2",
        ])
    }

    @Test(arguments: [40001, 40014, 42001])
    func aWeComTokenErrorRefreshesToo(errcode: Int) async {
        platform.script(Self.weComSend, .json(#"{"errcode":\#(errcode),"errmsg":"access_token expired"}"#))
        #expect(await courier().send(message("wecom:ZhangSan")) == .delivered)
        #expect(platform.requests(to: "/cgi-bin/gettoken").count == 2)
        #expect(platform.requests(to: Self.weComSend).map(\.url.query) == ["access_token=TOKEN-1", "access_token=TOKEN-2"])
    }

    @Test func aTokenStillRejectedAfterOneRefreshIsRetriedLaterNotLooped() async {
        let rejection = OutboundFakePlatform.Answer.json(#"{"errcode":40001,"errmsg":"invalid credential"}"#)
        platform.script(Self.send, rejection, rejection, rejection)
        let outcome = await courier().send(message("wechat:alice"))
        guard case .retry(let reason) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(reason.contains("40001"))
        #expect(platform.requests(to: Self.send).count == 2)
        #expect(platform.requests(to: "/cgi-bin/token").count == 2)
    }

    @Test func aResidentSilentForTwoDaysFailsPermanently() async {
        platform.script(Self.send, .json(#"{"errcode":45015,"errmsg":"response out of time limit or subscription is canceled"}"#))
        let outcome = await courier().send(message("wechat:alice"))
        guard case .failed(let reason) = outcome else {
            Issue.record("expected a permanent failure, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("errcode 45015"))
        #expect(platform.requests(to: Self.send).count == 1)
    }

    @Test(arguments: [
        (OutboundFakePlatform.Answer.json(#"{"errcode":-1,"errmsg":"system error"}"#), "errcode -1"),
        (.json(#"{"errcode":45009,"errmsg":"reach max api daily quota limit"}"#), "errcode 45009"),
        (.status(502, "<html>Bad Gateway</html>"), "HTTP 502"),
        (.json("not json"), "answer is not the platform's JSON"),
        (.transportFailure(.timedOut), "timed out"),
        (.transportFailure(.cannotConnectToHost), "connection refused"),
    ])
    func transientTroubleIsRetried(answer: OutboundFakePlatform.Answer, reason: String) async {
        platform.script(Self.send, answer)
        #expect(await courier().send(message("wechat:alice")) == .retry(reason))
    }

    @Test func anotherPermanentErrcodeFailsWithTheCode() async {
        platform.script(Self.weComSend, .json(#"{"errcode":81013,"errmsg":"user & party & tag all invalid"}"#))
        let outcome = await courier().send(message("wecom:nobody"))
        #expect(outcome == .failed("errcode 81013: WeCom user unknown or outside the app's visible range"))
    }

    @Test func aRefusedTokenFetchIsRetriedAndNamesTheErrcodeOnly() async {
        platform.script("/cgi-bin/token", .json(#"{"errcode":40164,"errmsg":"invalid ip 1.2.3.4, not in whitelist"}"#))
        let outcome = await courier().send(message("wechat:alice"))
        guard case .retry(let reason) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(reason.contains("errcode 40164"))
        #expect(!reason.contains("app-secret-0123"))
        #expect(platform.requests(to: Self.send).isEmpty)
    }

    @Test func webhookCallbacksAreSignedAndJudgedByStatus() async throws {
        let courier = courier()
        #expect(await courier.send(message("webhook:u-7", "已办结")) == .delivered)
        platform.script("/callback", .status(503, ""), .status(429, ""), .status(400, "bad"))
        #expect(await courier.send(message("webhook:u-7")) == .retry("HTTP 503"))
        #expect(await courier.send(message("webhook:u-7")) == .retry("HTTP 429"))
        #expect(await courier.send(message("webhook:u-7")) == .failed("HTTP 400"))

        let first = try #require(platform.requests(to: "/callback").first)
        #expect(String(decoding: first.body, as: UTF8.self) == #"{"user_id":"u-7","text":"已办结"}"#)
        try Webhook.Signer(secret: "callback-secret").verify(
            body: first.body, timestamp: first.headers[Webhook.timestampHeader], header: first.headers[Webhook.signatureHeader], now: Date())
    }

    @Test(arguments: [
        ("repl:alice", "no channel repl for outbound messages"),
        ("sms:13800000000", "no channel sms for outbound messages"),
        ("wechat:", "recipient has no channel-qualified user id"),
        ("alice", "recipient has no channel-qualified user id"),
    ])
    func recipientsWithoutAnOutboundChannelFail(recipient: String, reason: String) async {
        #expect(await courier().send(message(recipient)) == .failed(reason))
        #expect(platform.requests.isEmpty)
    }

    @Test func open311ReportersAreReadByPollingSoNothingIsSentOrFailed() async {
        #expect(await courier(wechat: nil, wecom: nil, webhook: nil).send(message(Open311.Access.reporter(forKey: "k"))) == .delivered)
        #expect(platform.requests.isEmpty)
    }

    @Test func unconfiguredChannelsFail() async {
        let courier = courier(wechat: nil, wecom: nil, webhook: nil)
        #expect(await courier.send(message("wechat:alice")) == .failed("no channel wechat configured"))
        #expect(await courier.send(message("wecom:ZhangSan")) == .failed("no channel wecom configured"))
        #expect(await courier.send(message("webhook:u-1")) == .failed("no channel webhook configured"))
        #expect(platform.requests.isEmpty)
    }

    @Test func anEmptyWebhookSecretLeavesTheChannelOff() async {
        let courier = courier(webhook: .init(url: Self.webhook.url, secret: ""))
        #expect(await courier.send(message("webhook:u-1")) == .failed("no channel webhook configured"))
        #expect(logs.all.contains { $0.hasPrefix("error webhook callbacks disabled") })
    }

    @Test func noSecretTokenOrMessageTextReachesTheLogsOrReasons() async {
        let secretText = "我的电话是13812345678"
        platform.script(Self.send, .transportFailure(.timedOut))
        platform.script(Self.weComSend, .json(#"{"errcode":42001,"errmsg":"access_token expired"}"#),
                        .json(#"{"errcode":42001,"errmsg":"access_token expired"}"#))
        let courier = courier()
        var reasons: [String] = []
        for recipient in ["wechat:alice", "wechat:alice", "wecom:ZhangSan", "webhook:u-1", "repl:x"] {
            switch await courier.send(message(recipient, secretText)) {
            case .delivered: break
            case .retry(let reason), .failed(let reason): reasons.append(reason)
            }
        }
        #expect(reasons.count == 3)
        #expect(!logs.all.isEmpty)
        for line in logs.all + reasons {
            for secret in ["app-secret-0123", "corp-secret-4567", "callback-secret", "TOKEN-", "13812345678", "alice", "ZhangSan"] {
                #expect(!line.contains(secret), "\(secret) leaked into: \(line)")
            }
        }
    }
}
