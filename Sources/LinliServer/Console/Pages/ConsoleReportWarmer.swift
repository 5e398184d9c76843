import Foundation
import LinliCore
import Logging
import ServiceLifecycle

/// Keeps the console's reports warm: every `interval`, makes afresh each report viewed in the
/// last half hour before it is old enough to be made on a view, and at start the office's
/// default page (30 days, every grid), so that no view waits for the store's aggregation.
/// The figures stay at most a minute old, as the cache promises.
public struct ConsoleReportWarmer: Service {
    let cache: ConsoleReportCache
    let engine: Engine
    let executor: BlockingExecutor
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    /// A warmer over `cache`, making reports on `executor` every `interval` (10 s).
    public init(cache: ConsoleReportCache, engine: Engine, executor: BlockingExecutor, interval: Duration = .seconds(10),
                now: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        self.cache = cache
        self.engine = engine
        self.executor = executor
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        let engine = self.engine
        cache.prewarm(ConsolePagesController.reportKey(days: 30, grids: nil), now: now()) { date in
            try ConsoleReport.make(engine: engine, grids: nil, days: 30, now: date)
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await warmOnce()
            try? await Task.sleep(for: interval)
        }
    }

    /// Makes every report the cache says is due; returns how many.
    @discardableResult
    func warmOnce() async -> Int {
        let date = now()
        var made = 0
        for (key, make) in cache.warmable(now: date) {
            do {
                try await executor.run { [cache] in try cache.refreshed(key, now: date, make: make) }
                made += 1
            } catch {
                logger.warning("linli.console.report_warm_failed", metadata: ["linli.error": .string(String(describing: error))])
            }
        }
        return made
    }
}
