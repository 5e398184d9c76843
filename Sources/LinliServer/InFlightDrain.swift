import LinliCore
import Logging
import ServiceLifecycle

/// Holds a graceful shutdown open until every message still being handled has finished
/// and, if it missed its deadline, put its replies in the outbox.
///
/// It runs inside the application's service group, before the HTTP server in the list, so
/// the server stops taking requests first and this waits for the work they started.
struct InFlightDrain: Service {
    let executor: BlockingExecutor
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            // Cancelled rather than shut down gracefully: nothing to wait for.
            return
        }
        logger.debug("linli.server.draining")
        await executor.drain()
        logger.debug("linli.server.drained")
    }
}
