import Foundation
import LinliCore
@testable import LinliServer
import LinliSQLite
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@Suite("the store in the service group")
struct StoreServiceTests {
    /// What happened, in order.
    final class Journal: Sendable {
        private let entries = Mutex<[String]>([])
        func note(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    /// The real store, noting when it is closed and on which thread.
    struct ClosingStore: ForwardingStore {
        let inner: SQLiteStore
        let journal: Journal

                                var capacity: Int { 3 }
        func close() { journal.note("store closed") }
    }

    /// A service that notes when graceful shutdown reached it.
    struct User: Service {
        let journal: Journal
        func run() async throws {
            try? await gracefulShutdown()
            journal.note("user stopped")
        }
    }

    @Test("the store is closed once, last, after the services that use it")
    func closedLast() async throws {
        let journal = Journal()
        let store = ClosingStore(inner: try SQLiteStore(url: "sqlite::memory:"), journal: journal)
        let executor = BlockingExecutor(label: "linli.closer", maximumThreads: store.capacity)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let group = ServiceGroup(
            services: [StoreService(store: store, executor: executor, logger: logger), User(journal: journal)], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(journal.all == ["user stopped", "store closed"])
    }

    @Test("the server's executor is sized by the store's capacity unless one is given")
    func executorFromCapacity() throws {
        let journal = Journal()
        let store = ClosingStore(inner: try SQLiteStore(url: "sqlite::memory:"), journal: journal)
        let engine = Engine(nlu: Harness.nlu, responses: Harness.responses, directory: Harness.directory, store: store, logger: Logger(label: "test"))
        let configuration = Server.Configuration(engine: engine, logger: Logger(label: "test"))
        #expect(configuration.executor.maximumThreads == 3)
    }
}
