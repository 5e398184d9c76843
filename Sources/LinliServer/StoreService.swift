import LinliCore
import Logging
import ServiceLifecycle

/// The store as a member of the server's service group: it is there from the start, and at
/// the end of a graceful shutdown, once the services after it in the group (the delivery
/// service, the HTTP server) have stopped using it, it is closed. A PostgreSQL store then
/// hands its outbox leases back, so that other servers send those rows at once.
///
/// It must come first in the group's list: a group stops its services from last to first.
public struct StoreService: Service {
    let store: any Store
    let executor: BlockingExecutor
    let logger: Logger

    /// A service that closes `store` once nothing running on `executor` still needs it.
    public init(store: any Store, executor: BlockingExecutor, logger: Logger) {
        self.store = store
        self.executor = executor
        self.logger = logger
    }

    public func run() async throws {
        // Cancelled rather than shut down gracefully: the process is going away all the
        // same, and closing then is still right.
        try? await gracefulShutdown()
        await executor.drain()
        try? await executor.run { [store] in store.close() }
        logger.debug("linli.store.closed")
    }
}
