import Foundation
import LinliCore
import Logging
import ServiceLifecycle

/// The deadline timer: every `interval` it does the escalation steps that have come due
/// (催办, the grid leader, 督办, 通报, the 回访 reminder; `Escalation.runPass`) and, once a
/// working day from `digestTime`, sends the street its digest (`Escalation.sendStreetDigest`).
///
/// Nothing of its own is kept in memory: what is due is the requests' indexed `alert_at`,
/// what was done is in their bodies, written with each step's event and messages in one
/// transaction. So a step is done once across restarts, `kill -9` and several servers on
/// one PostgreSQL database, and a step that fell due while every server was down is done
/// by the first pass after.
public struct DeadlineService: Service {
    /// How often to look, and when the street's digest goes out.
    public struct Configuration: Sendable, Equatable {
        /// The time between passes; a step goes out at most this late.
        public var interval: Duration
        /// Requests per write transaction of a pass.
        public var batchSize: Int
        /// The local time of day (hour, minute) from which a working day's digest is sent.
        public var digestHour: Int
        /// See `digestHour`.
        public var digestMinute: Int

        /// Creates a configuration; the defaults look every minute, and send the digest from
        /// 09:00, when the street office opens.
        public init(interval: Duration = .seconds(60), batchSize: Int = 200,
                    digestHour: Int = Escalation.digestTime.hour, digestMinute: Int = Escalation.digestTime.minute) {
            self.interval = interval
            self.batchSize = max(1, batchSize)
            self.digestHour = digestHour
            self.digestMinute = digestMinute
        }
    }

    /// The configuration.
    public let configuration: Configuration
    let engine: Engine
    /// The current time, which deadlines are compared with.
    let now: @Sendable () -> Date
    let logger: Logger
    private let sleep: @Sendable (Duration) async throws -> Void
    /// Store calls block their thread, so they run here rather than on the cooperative pool.
    private let executor: BlockingExecutor

    /// Creates a timer over `engine`'s store, deadlines, staff and words.
    ///
    /// `executor` runs its blocking store calls: the process's one executor, or, when nil,
    /// one thread of its own, as passes never overlap.
    public init(engine: Engine, configuration: Configuration = .init(), executor: BlockingExecutor? = nil, logger: Logger) {
        self.init(engine: engine, configuration: configuration, executor: executor, clock: ContinuousClock(), logger: logger)
    }

    /// Creates a timer whose pauses run on `clock` and whose deadlines are compared with `now`.
    public init(engine: Engine, configuration: Configuration = .init(), executor: BlockingExecutor? = nil,
                clock: some Clock<Duration>, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        self.engine = engine
        self.configuration = configuration
        self.executor = executor ?? BlockingExecutor(label: "linli.deadlines", maximumThreads: 1)
        self.now = now
        self.logger = logger
        self.sleep = { duration in try await clock.sleep(for: duration) }
    }

    /// A tick at once, then every `interval`, until graceful shutdown, which cuts the pause
    /// short (a batch under way commits or rolls back whole). A failing tick is logged and
    /// the next one tries again: what it did not commit is still due.
    public func run() async throws {
        logger.info("deadline timer started", metadata: [
            "linli.deadlines.interval_s": "\(configuration.interval.components.seconds)",
            "linli.deadlines.digest_time": "\(String(format: "%02d:%02d", configuration.digestHour, configuration.digestMinute))",
        ])
        await repeatUntilShutdown(pause: configuration.interval, sleep: sleep, logger: logger, failure: "deadline timer pass failed") {
            _ = try await tickOnce()
            return true
        }
        logger.info("deadline timer stopped")
    }

    /// One tick: the escalation pass, then the digest if its time has come today. Returns
    /// the pass and whether this tick sent the digest.
    public func tickOnce() async throws -> (pass: Escalation.Pass, digestSent: Bool) {
        let date = now()
        let (engine, configuration) = (self.engine, self.configuration)
        let outcome = try await executor.run {
            let pass = try Escalation.runPass(engine: engine, now: date, batchSize: configuration.batchSize)
            let sent = try Escalation.sendStreetDigest(engine: engine, now: date,
                                                       time: (configuration.digestHour, configuration.digestMinute))
            return (pass: pass, digestSent: sent)
        }
        // Counts only: which requests and whose words stay in their history.
        if outcome.pass.steps > 0 || outcome.digestSent {
            logger.info("deadline timer pass done", metadata: [
                "linli.deadlines.requests": "\(outcome.pass.requests)",
                "linli.deadlines.steps": "\(outcome.pass.steps)",
                "linli.deadlines.digest_sent": "\(outcome.digestSent)",
            ])
        } else {
            logger.debug("deadline timer pass done", metadata: ["linli.deadlines.requests": "\(outcome.pass.requests)"])
        }
        return outcome
    }
}
