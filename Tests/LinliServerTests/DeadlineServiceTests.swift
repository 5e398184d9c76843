import Foundation
import LinliCore
@testable import LinliServer
@testable import LinliSQLite
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@Suite("Deadline service")
struct DeadlineServiceTests {
    static var quietLogger: Logger {
        var logger = Logger(label: "linli.deadlines.test")
        logger.logLevel = .critical
        return logger
    }

    /// Claims within 1 wall-clock hour.
    static let policy = DeadlinePolicy(default: StageLimits(claim: TimeLimit(amount: 1, unit: .hours)), perIntent: [:],
                                       calendar: WorkCalendar())
    /// Tuesday 2026-12-08 08:00 in Shanghai, before the street's digest time.
    static let tuesday = Date(timeIntervalSince1970: 1_796_688_000)

    static func engine(_ store: any Store) -> Engine {
        Engine(nlu: Harness.nlu, responses: Harness.responses, directory: Harness.directory, store: store,
               configuration: .init(deadlines: policy), logger: quietLogger)
    }

    /// Request `number`, opened at `openedAt` in grid g1, with its alert set.
    static func request(_ number: Int, openedAt: Date) -> ServiceRequest {
        ServiceRequest(number: number, intent: "flying_wire_charging", status: .assigned, resident: "wechat:resident-\(number)",
                       text: "", slots: ["community": "凤鸣小区"], grid: "g1", route: "grid_worker", openedAt: openedAt)
            .refreshingAlert(policy: policy)
    }

    @Test func theDefaultsLookEveryMinuteAndSendTheDigestFromNine() {
        let configuration = DeadlineService.Configuration()
        #expect(configuration.interval == .seconds(60))
        #expect(configuration.digestHour == 9 && configuration.digestMinute == 0)
    }

    @Test func runTicksAtStartThenEveryIntervalUntilGracefulShutdown() async throws {
        let store = try SQLiteStore(url: "sqlite::memory:")
        // #1 is at yellow now; #2 turns yellow 58 minutes later, red 70 minutes later.
        try store.write { tx in
            try tx.save(Self.request(1, openedAt: Self.tuesday.addingTimeInterval(-50 * 60)))
            try tx.save(Self.request(2, openedAt: Self.tuesday.addingTimeInterval(10 * 60)))
        }
        let clock = SleepCountingClock()
        let now = Mutex(Self.tuesday)
        let service = DeadlineService(engine: Self.engine(store), configuration: .init(interval: .seconds(3_600)), clock: clock,
                                      now: { now.withLock { $0 } }, logger: Self.quietLogger)
        let group = ServiceGroup(services: [service], logger: Self.quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await waitUntil { clock.sleeps == 1 }
            #expect(try store.read { try $0.events(request: 1) }.map(\.kind) == [.reminded])
            #expect(try store.read { try $0.events(request: 2) }.isEmpty)
            now.withLock { $0 = $0.addingTimeInterval(3_600) }
            clock.advance(by: .seconds(3_600))
            try await waitUntil { clock.sleeps == 2 }
            // An hour on: #1 is red (its grid has no leader, so the admins hear), #2 yellow.
            #expect(try store.read { try $0.events(request: 1) }.map(\.kind) == [.reminded, .escalated])
            #expect(try store.read { try $0.events(request: 2) }.map(\.kind) == [.reminded])
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let recipients = try store.claimOutbox(limit: 10).map(\.message.recipient)
        #expect(recipients == ["wechat:worker-openid", "wechat:admin-openid", "wechat:worker-openid"])
    }

    @Test func aTickSendsNothingTwice() async throws {
        let store = try SQLiteStore(url: "sqlite::memory:")
        try store.write { try $0.save(Self.request(1, openedAt: Self.tuesday.addingTimeInterval(-50 * 60))) }
        let service = DeadlineService(engine: Self.engine(store), clock: ManualClock(), now: { Self.tuesday },
                                      logger: Self.quietLogger)
        #expect(try await service.tickOnce().pass.steps == 1)
        #expect(try await service.tickOnce().pass.steps == 0)
        #expect(try store.claimOutbox(limit: 10).count == 1)
    }
}
