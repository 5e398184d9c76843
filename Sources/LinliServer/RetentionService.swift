import Foundation
import LinliCore
import Logging
import ServiceLifecycle

/// Forgets what linli no longer needs: dedupe rows of messages older than the platforms'
/// retry horizon, and outbox rows long delivered or given up on. Those rows hold residents'
/// words and the replies to them (confirmations quote phone numbers), so they are kept only
/// as long as they serve.
///
/// A pass runs when the service starts and then every `interval`. A message retried after
/// its dedupe row is gone is handled as new: the inbox horizon is days, the platforms retry
/// within seconds, webhook callers within hours.
public struct RetentionService: Service {
    /// How long rows are kept, and how often to look.
    public struct Configuration: Sendable, Equatable {
        /// How long a handled message's dedupe row (and its recorded replies) is kept.
        public var inboxKept: Duration
        /// How long a delivered or failed outbox row is kept; pending rows stay until sent.
        public var outboxKept: Duration
        /// The time between passes.
        public var interval: Duration
        /// How long media are kept after their request closed (`media.retention_days`).
        public var mediaKept: Duration = .seconds(180 * 86_400)

        /// Creates a configuration; the defaults outlast any retry by far.
        public init(inboxKept: Duration = .seconds(7 * 86_400), outboxKept: Duration = .seconds(30 * 86_400),
                    interval: Duration = .seconds(3_600)) {
            self.inboxKept = inboxKept
            self.outboxKept = outboxKept
            self.interval = interval
        }
    }

    /// The configuration.
    public let configuration: Configuration
    let store: any Store
    /// The current time, which the horizons count back from.
    let now: @Sendable () -> Date
    let logger: Logger
    private let sleep: @Sendable (Duration) async throws -> Void
    /// Store calls block their thread, so they run here rather than on the cooperative pool;
    /// one thread, as passes never overlap.
    private let executor: BlockingExecutor

    /// Creates a service that prunes `store`.
    ///
    /// `executor` runs its blocking store calls: the process's one executor, or, when nil,
    /// one thread of its own.
    public init(store: any Store, configuration: Configuration = .init(), executor: BlockingExecutor? = nil, logger: Logger) {
        self.init(store: store, configuration: configuration, executor: executor, clock: ContinuousClock(), logger: logger)
    }

    /// Creates a service whose pauses run on `clock` and whose horizons count back from `now`.
    public init(store: any Store, configuration: Configuration = .init(), executor: BlockingExecutor? = nil,
                clock: some Clock<Duration>, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        self.store = store
        self.executor = executor ?? BlockingExecutor(label: "linli.retention", maximumThreads: 1)
        self.configuration = configuration
        self.now = now
        self.logger = logger
        self.sleep = { duration in try await clock.sleep(for: duration) }
    }

    /// Prunes at once, then every `interval`, until graceful shutdown, which cuts the pause
    /// short (a pass under way finishes its batch). A failing pass is logged and the next
    /// one tries again.
    public func run() async throws {
        logger.info("retention started", metadata: [
            "linli.retention.inbox_days": "\(configuration.inboxKept.components.seconds / 86_400)",
            "linli.retention.outbox_days": "\(configuration.outboxKept.components.seconds / 86_400)",
        ])
        await repeatUntilShutdown(pause: configuration.interval, sleep: sleep, logger: logger, failure: "retention pass failed") {
            _ = try await pruneOnce()
            return true
        }
        logger.info("retention stopped")
    }

    /// One pass: deletes the rows older than their horizon and returns how many went.
    ///
    /// - Throws: the store's error; what was deleted before it stays deleted.
    public func pruneOnce() async throws -> PruneCounts {
        let date = now()
        let inboxBefore = date.addingTimeInterval(-TimeInterval(configuration.inboxKept.components.seconds))
        let outboxBefore = date.addingTimeInterval(-TimeInterval(configuration.outboxKept.components.seconds))
        let closedBefore = date.addingTimeInterval(-TimeInterval(configuration.mediaKept.components.seconds))
        let counts = try await executor.run { [store] in
            var counts = try store.prune(inboxBefore: inboxBefore, outboxBefore: outboxBefore)
            // In batches, each its own transaction, like the prune above.
            var after: Int64 = 0
            while true {
                let batch = try store.write { try MediaRetention.prune(in: $0, closedBefore: closedBefore, afterID: after, limit: 500) }
                counts.media += batch.media
                after = batch.lastID
                if batch.jobs < 500 { break }
            }
            return counts
        }
        logger.info("retention pass done", metadata: [
            "linli.retention.inbox_deleted": "\(counts.inbox)",
            "linli.retention.outbox_deleted": "\(counts.outbox)",
            "linli.retention.media_deleted": "\(counts.media)",
        ])
        return counts
    }
}
