import Foundation
import LinliCore
import LinliGateways
import Logging

extension Server {
    /// Everything the application needs, as values: the executable reads configuration files
    /// and the environment, this library never does.
    public struct Configuration: Sendable {
        /// The address to listen on.
        public var host: String
        /// The port to listen on; 0 picks a free one (see ``onServerRunning``).
        public var port: Int
        /// The engine every channel hands its messages to.
        public var engine: Engine
        /// The Official Account endpoint; `/wechat` is not served without it.
        public var wechat: WeChat.Endpoint.Configuration?
        /// The WeCom app endpoint; `/wecom` is not served without it.
        public var wecom: WeCom.Endpoint.Configuration?
        /// The shared secret of the JSON channel; `/webhook` is not served without it.
        public var webhookSecret: String?
        /// Accept webhook requests signed over the body alone, without `X-Linli-Timestamp`
        /// (`webhook.legacy_signature`); such requests can be replayed at any time.
        public var webhookLegacySignature: Bool
        /// Menu (CLICK) keys mapped to what a resident would type.
        public var menu: [String: String]
        /// The largest request body accepted; anything longer is answered 413 unread.
        public var maxBodySize: Int
        /// How long a message may take before it is answered "later": the platforms give up
        /// after 5 s, and the answer still has to be encrypted and sent.
        public var replyDeadline: Duration
        /// How many messages one user may send in a window before being turned away.
        public var rateLimit: RateLimiter.Policy
        /// What a WeChat or WeCom user over the rate limit is told; nil acknowledges silently.
        ///
        /// Nil by default because the bot's words live in `responses/`, not in code.
        public var rateLimitedReply: String?
        /// Where the server's metrics are kept and rendered from.
        public var metrics: ServerMetrics
        /// The clock the reply deadline is measured on.
        public var clock: any Clock<Duration>
        /// The current time: message receipt, timestamp windows, reply times, rate limits.
        public var now: @Sendable () -> Date
        /// Random bytes for encrypted replies; fixed only by tests reproducing vectors.
        public var random: RandomSource
        /// Called once the server listens, with the bound host and port.
        public var onServerRunning: (@Sendable (_ host: String, _ port: Int) async -> Void)?
        /// Where the server logs; message text, phone numbers and secrets never go above trace.
        public var logger: Logger
        /// Where blocking store work runs: the one executor of the process, sized by the
        /// store's ``Store/capacity`` and shared with the delivery service.
        public var executor: BlockingExecutor
        /// A connection that sends nothing for this long is closed, half-sent headers
        /// included, so that slow clients cannot hold every connection.
        public var idleTimeout: Duration = .seconds(30)
        /// Who may POST to `/open311/v2/requests` (`open311.api_key`) and the jurisdiction
        /// served; without a key, POST is refused.
        public var open311 = Open311.Access()
        /// The console's report cache, shared with a `ConsoleReportWarmer` running beside the server.
        public var consoleReports = ConsoleReportCache()
        /// How `/media/{id}` links are signed and checked (`media:`); nil serves no media.
        public var mediaLinks: MediaLinkSigner? = nil

        /// Creates a configuration with the defaults of `interface.md`: 127.0.0.1:8080, 64 KiB
        /// bodies, a 4-second reply deadline and 20 messages per user per minute.
        public init(
            host: String = "127.0.0.1", port: Int = 8080, engine: Engine,
            wechat: WeChat.Endpoint.Configuration? = nil, wecom: WeCom.Endpoint.Configuration? = nil,
            webhookSecret: String? = nil, webhookLegacySignature: Bool = false, menu: [String: String] = [:],
            maxBodySize: Int = 65_536, replyDeadline: Duration = .seconds(4),
            rateLimit: RateLimiter.Policy = .init(), rateLimitedReply: String? = nil,
            metrics: ServerMetrics = ServerMetrics(), clock: any Clock<Duration> = ContinuousClock(),
            now: @escaping @Sendable () -> Date = { Date() }, random: RandomSource = .system,
            onServerRunning: (@Sendable (_ host: String, _ port: Int) async -> Void)? = nil,
            logger: Logger, executor: BlockingExecutor? = nil
        ) {
            self.host = host
            self.port = port
            self.engine = engine
            self.wechat = wechat
            self.wecom = wecom
            self.webhookSecret = webhookSecret
            self.webhookLegacySignature = webhookLegacySignature
            self.menu = menu
            self.maxBodySize = maxBodySize
            self.replyDeadline = replyDeadline
            self.rateLimit = rateLimit
            self.rateLimitedReply = rateLimitedReply
            self.metrics = metrics
            self.clock = clock
            self.now = now
            self.random = random
            self.onServerRunning = onServerRunning
            self.logger = logger
            self.executor = executor ?? BlockingExecutor(label: "linli.store", maximumThreads: engine.store.capacity)
        }
    }
}
