import Logging
import Metrics
import Prometheus
import ServiceLifecycle

extension Server {
    /// Runs the application and `services` (the outbox delivery, for one) in one service
    /// group until SIGTERM or SIGINT, then shuts down gracefully.
    ///
    /// Services stop in reverse order: the HTTP server first, finishing the requests it
    /// has and the messages they started, then `services` from last to first, and last the
    /// store (``StoreService``), which is closed once nothing uses it.
    public static func run(_ configuration: Configuration, alongside services: [any Service] = []) async throws {
        let application = try buildApplication(configuration)
        let store = StoreService(store: configuration.engine.store, executor: configuration.executor, logger: configuration.logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [store] + services + [application],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: configuration.logger))
        try await group.run()
    }

    /// Makes swift-metrics record into `metrics`' registry, so that what other libraries
    /// count is served on `/metrics` too. Once per process: swift-metrics refuses a second
    /// bootstrap, which is why tests never call it.
    public static func bootstrapMetricsSystem(_ metrics: ServerMetrics) {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
    }
}
