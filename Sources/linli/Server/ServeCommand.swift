import ArgumentParser
import Foundation
import LinliCore
import LinliGateways
import LinliServer
import Logging

/// `linli serve`: the HTTP server for WeChat, WeCom and the webhook channel, with the
/// outbox delivery running beside it until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server (WeChat, WeCom, webhook, /healthz, /metrics).")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Address to listen on (default: server.host, else 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (default: server.port, else 8080).")
    var port: Int?

    func validate() throws {
        if let port, !(0...65535).contains(port) {
            throw ValidationError("--port must be between 0 and 65535, not \(port)")
        }
        if let host, host.isEmpty {
            throw ValidationError("--host must not be empty")
        }
    }

    func run() async throws {
        var settings = try options.settings()
        if let host { settings.host = host }
        if let port { settings.port = port }
        // Channel settings first: a typo there should not wait for the classifier to train.
        let wechat = try settings.wechatEndpoint()
        let wecom = try settings.wecomEndpoint()
        let outbound = (wechat: try settings.wechatAPI(), wecom: try settings.wecomAPI(), webhook: try settings.webhookCallback())
        let subscribeTemplates = try settings.subscribeTemplates()
        for warning in try settings.reviewChannels() {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        let runtime = try Runtime.make(settings, label: "linli.serve", defaultLogLevel: .info)
        // The report's due times, when the deadline policy changed (or after migration
        // `report-columns`): worked out before serving rather than in the first report's request.
        let refreshed = try runtime.engine.refreshReportFacts()
        if refreshed > 0 {
            runtime.logger.info("linli.report.due_times_refreshed", metadata: ["linli.requests": .stringConvertible(refreshed)])
        }
        let metrics = ServerMetrics()
        Server.bootstrapMetricsSystem(metrics)
        let store = runtime.engine.store
        // The one executor for blocking store work: messages, delivery, tokens, health.
        let executor = BlockingExecutor(label: "linli.store", maximumThreads: store.capacity)
        let courier = Courier(
            httpClient: URLSessionHTTPClient(), wechat: outbound.wechat, wecom: outbound.wecom, webhook: outbound.webhook,
            tokens: store.tokens(on: executor), logger: runtime.logger)
        let delivery = DeliveryService(
            store: store, courier: courier, responses: runtime.engine.responses,
            configuration: .init(subscribeTemplates: subscribeTemplates), executor: executor, logger: runtime.logger)
        var configuration = Server.Configuration(
            host: settings.host, port: settings.port, engine: runtime.engine, wechat: wechat, wecom: wecom,
            webhookSecret: settings.webhookSecret, webhookLegacySignature: settings.webhookLegacySignature, menu: settings.menu, metrics: metrics,
            onServerRunning: { host, port in
                print("linli listening on http://\(host):\(port)")
                fflush(nil)  // nil flushes every stream; stdout itself is not concurrency-safe to name
            },
            logger: runtime.logger, executor: executor)
        configuration.mediaLinks = try settings.mediaLinkSigner()
        // Photos, voice, video and files are fetched from the platforms as soon as their
        // turn queued them, at most four at once, before WeChat forgets them (3 days).
        let media = MediaService(store: store, courier: courier, engine: runtime.engine, configuration: try settings.mediaServiceConfiguration(),
                                 executor: executor, logger: runtime.logger)
        configuration.open311 = Open311.Access(apiKey: settings.open311.api_key, jurisdictionID: settings.open311.jurisdiction_id)
        // The delivery service sends what the engine queued, including replies that missed
        // the passive-reply deadline; rows for channels without credentials are marked failed.
        // The retention service deletes dedupe rows after 7 days, sent outbox rows after 30.
        // The store, first in the group, is closed last, after the delivery service stopped.
        var retentionConfiguration = RetentionService.Configuration()
        retentionConfiguration.mediaKept = .seconds(try settings.mediaRetentionDays() * 86_400)
        let retention = RetentionService(store: store, configuration: retentionConfiguration, executor: executor, logger: runtime.logger)
        // The deadline timer does the escalation steps that come due and the street's digest.
        let deadlines = DeadlineService(engine: runtime.engine, executor: executor, logger: runtime.logger)
        // The console's reports are made afresh off the requests, so that no page view waits.
        let warmer = ConsoleReportWarmer(cache: configuration.consoleReports, engine: runtime.engine, executor: executor,
                                         logger: runtime.logger)
        try await Server.run(configuration, alongside: [delivery, media, retention, deadlines, warmer])
    }
}
