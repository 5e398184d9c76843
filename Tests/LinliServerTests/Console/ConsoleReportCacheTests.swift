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
        func make() throws -> ConsoleReport {
            made.withLock { $0 += 1 }
            return try ConsoleReport.make(engine: engine, grids: nil, days: 7, now: start)
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
}
