import Foundation
@testable import LinliServer
import Synchronization
import Testing

@Suite("console report cache")
struct ConsoleReportCacheTests {
    @Test("a report is kept under a minute, made afresh off the request after 40 s, never served older")
    func lifetime() throws {
        let harness = try ConsolePagesTests.harness()
        let engine = harness.configuration.engine
        let made = Mutex(0)
        let start = ConsolePagesTests.now
        let make: ConsoleReportCache.Maker = { date in
            made.withLock { $0 += 1 }
            return try ConsoleReport.make(engine: engine, grids: nil, days: 7, now: date)
        }
        let cache = ConsoleReportCache(lifetime: 60, refreshAfter: 40)
        _ = try cache.report("k", now: start, make: make)
        _ = try cache.report("k", now: start.addingTimeInterval(30), make: make)
        #expect(made.withLock { $0 } == 1)
        #expect(!cache.refreshing("k", now: start.addingTimeInterval(30)))
        // Past 40 s: still served, and one caller (only one) is told to make it afresh.
        _ = try cache.report("k", now: start.addingTimeInterval(45), make: make)
        #expect(made.withLock { $0 } == 1)
        #expect(cache.refreshing("k", now: start.addingTimeInterval(45)))
        #expect(!cache.refreshing("k", now: start.addingTimeInterval(46)))
        try cache.refreshed("k", now: start.addingTimeInterval(46), make: make)
        #expect(made.withLock { $0 } == 2)
        // 61 s after the first, 15 s after the refresh: the refreshed one.
        _ = try cache.report("k", now: start.addingTimeInterval(61), make: make)
        #expect(made.withLock { $0 } == 2)
        // Over a minute after the refresh: made again before it is served.
        _ = try cache.report("k", now: start.addingTimeInterval(107), make: make)
        #expect(made.withLock { $0 } == 3)
        _ = try cache.report("other", now: start.addingTimeInterval(107), make: make)
        #expect(made.withLock { $0 } == 4)
    }

    @Test("the warmer makes a viewed report afresh before it is old, keeps it warm half an hour after its last view, then lets it go; at start it prepares the office's default page")
    func warmer() async throws {
        let harness = try ConsolePagesTests.harness()
        let engine = harness.configuration.engine
        let made = Mutex([String]())
        let start = ConsolePagesTests.now
        let clock = Mutex(start)
        let cache = ConsoleReportCache(lifetime: 60, refreshAfter: 40, keepWarmFor: 30 * 60)
        let warmer = ConsoleReportWarmer(cache: cache, engine: engine, executor: harness.configuration.executor,
                                         now: { clock.withLock { $0 } }, logger: harness.configuration.logger)
        func maker(_ name: String) -> ConsoleReportCache.Maker {
            { date in
                made.withLock { $0.append(name) }
                return try ConsoleReport.make(engine: engine, grids: nil, days: 7, now: date)
            }
        }
        func at(_ seconds: TimeInterval) { clock.withLock { $0 = start.addingTimeInterval(seconds) } }
        _ = try cache.report("k", now: start, make: maker("view"))
        #expect(await warmer.warmOnce() == 0)  // fresh
        // Every 40 s it is made again without a view, so that a view two minutes later is served at once.
        for step in 1...3 {
            at(Double(step) * 40)
            #expect(await warmer.warmOnce() == 1)
        }
        at(150)
        _ = try cache.report("k", now: start.addingTimeInterval(150), make: maker("late view"))
        #expect(made.withLock { $0 } == ["view", "view", "view", "view"])
        // Half an hour after its last view it is no longer made, nor served.
        at(150 + 30 * 60 + 1)
        #expect(await warmer.warmOnce() == 0)
        _ = try cache.report("k", now: start.addingTimeInterval(150 + 30 * 60 + 2), make: maker("cold view"))
        #expect(made.withLock { $0.last } == "cold view")

        // At start the default page (30 days, every grid) is made before anyone asks.
        let fresh = ConsoleReportCache()
        let starting = ConsoleReportWarmer(cache: fresh, engine: engine, executor: harness.configuration.executor,
                                           interval: .seconds(3600), now: { start }, logger: harness.configuration.logger)
        let run = Task { try await starting.run() }
        try await waitUntil { fresh.warmable(now: start).isEmpty && fresh.refreshing("30|*", now: start.addingTimeInterval(41)) }
        run.cancel()
    }
}
