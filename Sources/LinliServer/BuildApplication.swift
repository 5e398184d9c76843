import Foundation
import Hummingbird
import LinliCore
import LinliGateways
import Logging
import NIOCore

/// Builds the Hummingbird application: `/healthz`, `/metrics`, `/open311/v2`, and `/wechat`, `/wecom`,
/// `/webhook` for each channel that is configured.
///
/// - Throws: ``ServerError`` when a channel's configuration is unusable (an empty token, an
///   EncodingAESKey that is not 43 characters, an empty webhook secret).
public func buildApplication(_ configuration: Server.Configuration) throws -> some ApplicationProtocol {
    let executor = configuration.executor
    let pipeline = MessagePipeline(
        engine: configuration.engine, executor: executor, limiter: RateLimiter(policy: configuration.rateLimit),
        metrics: configuration.metrics, deadline: configuration.replyDeadline, clock: configuration.clock,
        now: configuration.now, logger: configuration.logger)
    let router = Router(context: BasicRequestContext.self)
    HealthController(pipeline: pipeline).addRoutes(to: router)
    MetricsController(pipeline: pipeline).addRoutes(to: router)
    Open311Controller(pipeline: pipeline, access: configuration.open311, maxBodySize: configuration.maxBodySize).addRoutes(to: router)
    ConsoleAuthController(pipeline: pipeline).addRoutes(to: router)
    ConsolePagesController(pipeline: pipeline, signIn: ConsoleSessions(pipeline: pipeline), reports: configuration.consoleReports,
                            mediaOrigin: configuration.mediaLinks?.origin)
        .addRoutes(to: router)
    if let signer = configuration.mediaLinks {
        MediaController(pipeline: pipeline, signer: signer).addRoutes(to: router)
    }
    if let wechat = configuration.wechat {
        let endpoint = try channelSetting("wechat") { () throws(GatewayError) in
            try WeChat.Endpoint(configuration: wechat, random: configuration.random)
        }
        WeChatController(
            endpoint: endpoint, pipeline: pipeline, menu: configuration.menu,
            maxBodySize: configuration.maxBodySize, rateLimitedReply: configuration.rateLimitedReply
        ).addRoutes(to: router)
    }
    if let wecom = configuration.wecom {
        let endpoint = try channelSetting("wecom") { () throws(GatewayError) in
            try WeCom.Endpoint(configuration: wecom, random: configuration.random)
        }
        WeComController(
            endpoint: endpoint, pipeline: pipeline, menu: configuration.menu,
            maxBodySize: configuration.maxBodySize, rateLimitedReply: configuration.rateLimitedReply
        ).addRoutes(to: router)
    }
    if let secret = configuration.webhookSecret {
        let signer = try channelSetting("webhook") { () throws(GatewayError) in
            try Webhook.Signer(secret: secret, legacy: configuration.webhookLegacySignature)
        }
        let policy = configuration.rateLimit
        let refill = policy.messages > 0 ? policy.window / Double(policy.messages) : 1
        WebhookController(
            signer: signer, pipeline: pipeline, maxBodySize: configuration.maxBodySize,
            retryAfter: Int(min(max(1, refill.rounded(.up)), 86_400))
        ).addRoutes(to: router)
    }
    let onServerRunning = configuration.onServerRunning
    let host = configuration.host
    return Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: TimeAmount(configuration.idleTimeout))),
        configuration: ApplicationConfiguration(address: .hostname(host, port: configuration.port)),
        services: [InFlightDrain(executor: executor, logger: configuration.logger)],
        onServerRunning: { channel in
            await onServerRunning?(host, channel.localAddress?.port ?? configuration.port)
        },
        logger: configuration.logger)
}

/// Builds one channel's protocol endpoint, naming the channel if its settings are unusable.
private func channelSetting<T>(_ channel: String, _ make: () throws(GatewayError) -> T) throws(ServerError) -> T {
    do {
        return try make()
    } catch {
        throw ServerError(.invalidConfiguration, "\(channel): \(error.message)\(error.value.map { " (\($0))" } ?? "")")
    }
}
