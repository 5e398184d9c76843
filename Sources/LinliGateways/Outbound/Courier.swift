import Foundation
import LinliCore
import Logging

/// Delivers outbound messages through the channel their recipient belongs to.
///
/// A recipient is channel-qualified: `wechat:OPENID` goes out as a WeChat customer-service
/// message, `wecom:USERID` as a WeCom app message, `webhook:USER_ID` to the webhook callback
/// URL. Each Tencent app has its own token cache, shared by every copy of the courier.
public struct Courier: Sendable {
    let wechat: WeChatAPI?
    let wechatTokens: AccessTokenCache?
    let wecom: WeComAPI?
    let wecomTokens: AccessTokenCache?
    private let webhook: WebhookCallback?
    /// The transport, for media downloads (`Courier+Media`), which are no API calls of their own.
    let httpClient: any HTTPClient
    let logger: Logger

    /// Creates a courier for the configured channels; a channel left `nil` is not delivered to.
    public init(
        httpClient: any HTTPClient,
        wechat: WeChatAPI.Configuration?,
        wecom: WeComAPI.Configuration?,
        webhook: WebhookCallback.Configuration?,
        tokens: (any TokenStore)? = nil,
        logger: Logger
    ) {
        self.init(httpClient: httpClient, wechat: wechat, wecom: wecom, webhook: webhook,
                  tokens: tokens, clock: ContinuousClock(), logger: logger)
    }

    /// Creates a courier whose token caches measure time on `clock`. With `tokens`, access
    /// tokens are shared through that store with the other servers on the same database.
    public init(
        httpClient: any HTTPClient,
        wechat: WeChatAPI.Configuration?,
        wecom: WeComAPI.Configuration?,
        webhook: WebhookCallback.Configuration?,
        tokens: (any TokenStore)? = nil,
        clock: some Clock<Duration>,
        logger: Logger
    ) {
        self.httpClient = httpClient
        if let wechat {
            let api = WeChatAPI(configuration: wechat, httpClient: httpClient)
            self.wechat = api
            let shared = tokens.map { AccessTokenCache.Shared(store: $0, name: "wechat:\(wechat.appID)") }
            self.wechatTokens = AccessTokenCache(clock: clock, shared: shared) { try await api.fetchToken() }
        } else {
            self.wechat = nil
            self.wechatTokens = nil
        }
        if let wecom {
            let api = WeComAPI(configuration: wecom, httpClient: httpClient)
            self.wecom = api
            let shared = tokens.map { AccessTokenCache.Shared(store: $0, name: "wecom:\(wecom.corpID):\(wecom.agentID)") }
            self.wecomTokens = AccessTokenCache(clock: clock, shared: shared) { try await api.fetchToken() }
        } else {
            self.wecom = nil
            self.wecomTokens = nil
        }
        if let webhook {
            do {
                self.webhook = try WebhookCallback(configuration: webhook, httpClient: httpClient)
            } catch {
                // Unsigned callbacks would be forgeable; the channel stays off and its rows fail.
                logger.error("webhook callbacks disabled", metadata: ["linli.error": "\(error)"])
                self.webhook = nil
            }
        } else {
            self.webhook = nil
        }
        self.logger = logger
    }

    /// Delivers `message` once (with one immediate retry when the access token was
    /// rejected) and says what became of it. Never throws: every failure is an outcome.
    public func send(_ message: OutboundMessage) async -> DeliveryOutcome {
        let parts = message.recipient.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let channel = String(parts[0])
        let userID = parts.count > 1 ? String(parts[1]) : ""
        guard !userID.isEmpty else {
            return .failed("recipient has no channel-qualified user id")
        }
        let outcome: DeliveryOutcome
        switch channel {
        case "wechat":
            guard let wechat, let wechatTokens else { return .failed("no channel wechat configured") }
            outcome = await withToken(wechatTokens, channel: channel) { token in
                try await wechat.sendText(message.text, to: userID, accessToken: token)
            }
        case "wecom":
            guard let wecom, let wecomTokens else { return .failed("no channel wecom configured") }
            outcome = await withToken(wecomTokens, channel: channel) { token in
                try await wecom.sendText(message.text, to: userID, accessToken: token)
            }
        case "webhook":
            guard let webhook else { return .failed("no channel webhook configured") }
            do {
                outcome = Self.outcome(ofCallback: try await webhook.send(message.text, to: userID))
            } catch {
                outcome = .retry(Self.describe(error))
            }
        case Open311.Access.reporterChannel:
            // Open311 clients poll for news (`servicerequestupdates`); there is nothing to send,
            // and a failure would tell the staff member who acted that the reporter was not reached.
            return .delivered
        default:
            return .failed("no channel \(channel) for outbound messages")
        }
        logger.debug("outbound attempt", metadata: [
            "linli.outbox.channel": "\(channel)",
            "linli.outbox.outcome": "\(outcome)",
        ])
        return outcome
    }

    /// Sends `message` as a 订阅通知 to `recipient` (`wechat:OPENID`), with the same token
    /// handling as `send`. 43101 (no unused consent) is a failure like any permanent one.
    public func sendSubscribeMessage(_ message: SubscribeMessage, to recipient: String) async -> DeliveryOutcome {
        guard recipient.hasPrefix("wechat:"), case let openID = String(recipient.dropFirst("wechat:".count)), !openID.isEmpty else {
            return .failed("subscription notices go to wechat users only")
        }
        guard let wechat, let wechatTokens else { return .failed("no channel wechat configured") }
        return await withToken(wechatTokens, channel: "wechat") { token in
            try await wechat.sendSubscribeMessage(message, to: openID, accessToken: token)
        }
    }

    /// Calls `call` with a cached token; when the platform rejects the token, fetches a new
    /// one and calls once more, and no more, so a broken credential cannot loop.
    private func withToken(
        _ tokens: AccessTokenCache,
        channel: String,
        _ call: (String) async throws -> PlatformAnswer
    ) async -> DeliveryOutcome {
        await withFreshToken(tokens, channel: channel, retry: DeliveryOutcome.retry) { token in
            let answer = try await call(token)
            return answer.rejectsToken ? .rejected(Self.reason(for: answer)) : .done(Self.outcome(of: answer))
        }
    }

    /// What a call with a token came to: a result, or the platform's refusal of the token.
    enum TokenUse<Result> {
        case done(Result)
        case rejected(String)
    }

    /// Calls `call` with a cached token; when `call` says the platform rejected it, fetches
    /// a new one and calls once more, and no more. No token, a transport failure or a second
    /// refusal become `retry` with the reason.
    func withFreshToken<Result>(
        _ tokens: AccessTokenCache,
        channel: String,
        retry: (String) -> Result,
        _ call: (String) async throws -> TokenUse<Result>
    ) async -> Result {
        var refreshed = false
        while true {
            let token: String
            do {
                token = try await tokens.token()
            } catch {
                return retry("access token: \(Self.describe(error))")
            }
            let reason: String
            do {
                switch try await call(token) {
                case .done(let result): return result
                case .rejected(let why): reason = why
                }
            } catch {
                return retry(Self.describe(error))
            }
            await tokens.invalidate(token)
            guard !refreshed else {
                return retry("\(reason) after a token refresh")
            }
            refreshed = true
            logger.notice("access token rejected, fetching a new one", metadata: [
                "linli.outbox.channel": "\(channel)",
                "linli.platform.answer": "\(reason)",
            ])
        }
    }
}
