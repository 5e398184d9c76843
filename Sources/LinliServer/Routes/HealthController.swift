import Hummingbird
import LinliCore
import Logging

/// `GET /healthz`: 200 while the store answers, 503 otherwise.
struct HealthController: Sendable {
    let pipeline: MessagePipeline

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("healthz") { _, _ in await check() }
    }

    func check() async -> Response {
        do {
            try await pipeline.blocking { [store = pipeline.engine.store] in try store.ping() }
            return HTTPReply.text("ok")
        } catch {
            pipeline.logger.warning("linli.health.store_unavailable", metadata: ["linli.error": .string(String(describing: error))])
            return HTTPReply.text("store unavailable", status: .serviceUnavailable)
        }
    }
}
