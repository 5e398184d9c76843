import Foundation
import LinliCore
@testable import LinliServer
@testable import LinliSQLite
import Logging
import ServiceLifecycle
import Testing

@Suite("Retention service")
struct RetentionServiceTests {
    /// The service's idea of now: the horizons count back from it.
    static let now = Date(timeIntervalSince1970: 1_798_761_600)
    static let day: TimeInterval = 86_400

    static var quietLogger: Logger {
        var logger = Logger(label: "linli.retention.test")
        logger.logLevel = .critical
        return logger
    }

    /// Writes a delivered outbox row created `age` seconds before `now` and returns its id.
    private func delivered(_ store: SQLiteStore, age: TimeInterval) throws -> Int64 {
        try store.write { tx in
            try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "已办结"), at: Self.now.addingTimeInterval(-age))
        }
        let row = try #require(try store.claimOutbox(limit: 1).first)
        try store.recordDelivery(id: row.id, state: .delivered, error: nil)
        return row.id
    }

    @Test func theDefaultsKeepTheInboxAWeekAndTheOutboxAMonthAndLookHourly() {
        let configuration = RetentionService.Configuration()
        #expect(configuration.inboxKept == .seconds(7 * 86_400))
        #expect(configuration.outboxKept == .seconds(30 * 86_400))
        #expect(configuration.interval == .seconds(3_600))
    }

    @Test func aPassDeletesWhatIsOlderThanItsHorizon() async throws {
        let store = try SQLiteStore(url: "sqlite::memory:")
        let old = try delivered(store, age: 31 * Self.day)
        let recent = try delivered(store, age: 29 * Self.day)
        let service = RetentionService(store: store, clock: ManualClock(), now: { Self.now }, logger: Self.quietLogger)

        #expect(try await service.pruneOnce() == PruneCounts(inbox: 0, outbox: 1))
        #expect(try store.outboxRow(old) == nil)
        #expect(try store.outboxRow(recent) != nil)
    }

    @Test func runPrunesAtStartThenEveryIntervalUntilGracefulShutdown() async throws {
        let store = try SQLiteStore(url: "sqlite::memory:")
        let clock = SleepCountingClock()
        let first = try delivered(store, age: 31 * Self.day)
        let service = RetentionService(store: store, configuration: .init(interval: .seconds(3_600)), clock: clock,
                                       now: { Self.now }, logger: Self.quietLogger)
        let group = ServiceGroup(services: [service], logger: Self.quietLogger)

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Asleep after the first pass, with its wake-up time fixed: only now may the
            // clock move, else the pause would start from the moved clock.
            try await waitUntil { clock.sleeps == 1 }
            #expect(try store.outboxRow(first) == nil)
            // Written after the first pass: the next one, an interval later, takes it.
            let second = try delivered(store, age: 31 * Self.day)
            #expect(try store.outboxRow(second) != nil)
            clock.advance(by: .seconds(3_600))
            try await waitUntil { clock.sleeps == 2 }
            #expect(try store.outboxRow(second) == nil)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}

/// `ManualClock`, counting the sleeps begun on it: a sleep's deadline is fixed before it
/// begins, so a test that sees the count go up may move the clock.
final class SleepCountingClock: Clock, @unchecked Sendable {
    private let inner = ManualClock()
    private let lock = NSLock()
    private var begun = 0

    /// How many sleeps have begun.
    var sleeps: Int { lock.withLock { begun } }
    var now: ManualClock.Instant { inner.now }
    var minimumResolution: Duration { inner.minimumResolution }

    func advance(by duration: Duration) { inner.advance(by: duration) }

    func sleep(until deadline: ManualClock.Instant, tolerance: Duration?) async throws {
        lock.withLock { begun += 1 }
        try await inner.sleep(until: deadline, tolerance: tolerance)
    }
}
