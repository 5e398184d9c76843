import Hummingbird
import LinliCore
import Logging

/// `GET /metrics`: the Prometheus text exposition format.
///
/// Unauthenticated, as the interface fixes it: a scrape reads the store at most once per
/// `ServerMetrics.refreshInterval` (two counting statements), so scraping cannot slow
/// message handling down; the metrics name no user. Deployments that do not want them
/// public keep the path off the reverse proxy.
struct MetricsController: Sendable {
    let pipeline: MessagePipeline

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("metrics") { _, _ in await scrape() }
    }

    func scrape() async -> Response {
        let metrics = pipeline.metrics
        do {
            // Checked here, before taking a blocking thread that message handling may need.
            if metrics.claimRefresh() {
                try await pipeline.blocking { [store = pipeline.engine.store] in try metrics.refresh(from: store) }
            }
        } catch {
            // The in-process metrics are still worth serving; the store's counts are stale.
            pipeline.logger.warning("linli.metrics.store_unavailable", metadata: ["linli.error": .string(String(describing: error))])
        }
        var response = HTTPReply.text(metrics.render())
        response.headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return response
    }
}
