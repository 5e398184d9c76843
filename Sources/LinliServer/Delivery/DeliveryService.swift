import Dispatch
import Foundation
import LinliCore
import LinliGateways
import Logging
import ServiceLifecycle

/// Sends the outbox: every message that must reach a user later (a staff notification, a
/// staff reply, a status change) leaves through here, with retries and backoff.
///
/// Rows go out oldest first, and in order per recipient: while a recipient's earlier row waits
/// for its retry, nothing newer is sent to them, so a resident never reads "resolved" before
/// "claimed". The time of a row's next attempt lives in memory only; after a restart every
/// pending row is simply due again, which at worst sends a retry a little early.
///
/// Delivery is at least once: a crash between a platform's acceptance and the store's record
/// sends that row again.
public struct DeliveryService: Service {
    /// How often and how hard to try.
    public struct Configuration: Sendable, Equatable {
        /// How long to wait before looking again when a pass found nothing more to send.
        public var pollInterval: Duration
        /// How many rows one pass sends at most.
        public var batchSize: Int
        /// How old (since it was queued) a row that still only earns retries (timeouts,
        /// refused connections, 5xx, throttling) may get before it is marked failed. The
        /// default is WeChat's 48-hour customer-service window: after it the platform refuses
        /// the message anyway. A permanent refusal fails a row at once, whatever its age.
        public var giveUpAge: Duration
        /// The wait after a row's first failed attempt; it doubles with every further one.
        public var baseBackoff: Duration
        /// The longest wait between two attempts, so that a recipient is served within this
        /// long of an outage ending.
        public var maxBackoff: Duration
        /// The 订阅通知 template for each kind of notice (`wechat.subscribe_templates`): a
        /// notice the chat can no longer carry (45015) goes as one when the resident agreed
        /// to its template.
        public var subscribeTemplates: [RequestNotice.Kind: SubscribeTemplate]

        /// Creates a configuration; the defaults suit the platforms' limits.
        public init(pollInterval: Duration = .milliseconds(200), batchSize: Int = 100, giveUpAge: Duration = .seconds(48 * 3600),
                    baseBackoff: Duration = .milliseconds(500), maxBackoff: Duration = .seconds(300),
                    subscribeTemplates: [RequestNotice.Kind: SubscribeTemplate] = [:]) {
            self.subscribeTemplates = subscribeTemplates
            self.pollInterval = pollInterval
            self.batchSize = max(batchSize, 1)
            self.giveUpAge = giveUpAge
            self.baseBackoff = baseBackoff
            self.maxBackoff = max(maxBackoff, baseBackoff)
        }
    }

    /// The configuration.
    public let configuration: Configuration
    let store: any Store
    let courier: Courier
    /// The words of the notice telling a staff member their reply was not delivered; nil
    /// tells nobody.
    let responses: Responses?
    /// The current time, for rows' ages and the notices' outbox rows.
    let now: @Sendable () -> Date
    let logger: Logger
    /// Time since the service was created, on the injected clock.
    let elapsed: @Sendable () -> Duration
    private let sleep: @Sendable (Duration) async throws -> Void
    let schedule = DeliverySchedule()
    /// Store calls block their thread, so they run here rather than on the cooperative pool.
    let executor: BlockingExecutor

    /// Creates a service that delivers `store`'s outbox through `courier`; with `responses`,
    /// a staff member whose reply fails for good is told in those words.
    ///
    /// `executor` runs its blocking store calls: the process's one executor (the server's),
    /// or, when nil, one of its own sized by the store.
    public init(store: any Store, courier: Courier, responses: Responses? = nil, configuration: Configuration = .init(),
                executor: BlockingExecutor? = nil, logger: Logger) {
        self.init(store: store, courier: courier, responses: responses, configuration: configuration,
                  executor: executor, clock: ContinuousClock(), logger: logger)
    }

    /// Creates a service whose backoff and polling run on `clock`.
    public init(store: any Store, courier: Courier, responses: Responses? = nil, configuration: Configuration = .init(),
                executor: BlockingExecutor? = nil, clock: some Clock<Duration>, now: @escaping @Sendable () -> Date = { Date() },
                logger: Logger) {
        self.store = store
        self.executor = executor ?? BlockingExecutor(label: "linli.delivery", maximumThreads: store.capacity)
        self.courier = courier
        self.responses = responses
        self.now = now
        self.configuration = configuration
        self.logger = logger
        let origin = clock.now
        self.elapsed = { origin.duration(to: clock.now) }
        self.sleep = { duration in try await clock.sleep(for: duration) }
    }

    /// Delivers until graceful shutdown: a pass over the outbox, then a pause of
    /// `pollInterval` unless the pass was full. A send in flight when shutdown begins is
    /// finished and recorded; only the pause is cut short. A failing store is logged and
    /// tried again after the pause rather than ending the service.
    public func run() async throws {
        logger.info("outbox delivery started", metadata: [
            "linli.delivery.batch_size": "\(configuration.batchSize)",
            "linli.delivery.give_up_age_s": "\(configuration.giveUpAge.components.seconds)",
        ])
        // A full batch means more may be waiting: the next pass comes at once.
        await repeatUntilShutdown(pause: configuration.pollInterval, sleep: sleep, logger: logger, failure: "outbox delivery pass failed") {
            try await drainOnce() < configuration.batchSize
        }
        logger.info("outbox delivery stopped")
    }
}
