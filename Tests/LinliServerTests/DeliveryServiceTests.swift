import Foundation
import LinliCore
import LinliGateways
@testable import LinliServer
@testable import LinliSQLite
import Logging
import ServiceLifecycle
import Testing

@Suite("Delivery service")
struct DeliveryServiceTests {
    static let wechat = WeChatAPI.Configuration(appID: "wx5a9e3c1f0b7d2e48", appSecret: "app-secret")
    static let wecom = WeComAPI.Configuration(corpID: "ww8f2c4a6e1b3d5f70", corpSecret: "corp-secret", agentID: 1_000_002)
    static let webhook = WebhookCallback.Configuration(url: URL(string: "http://127.0.0.1:9/callback")!, secret: "hook-secret")

    let platform = DeliveryFakePlatform()
    let clock = ManualClock()

    static var quietLogger: Logger {
        var logger = Logger(label: "linli.delivery.test")
        logger.logLevel = .critical
        return logger
    }

    /// When `enqueue` queues its rows; the service's wall clock starts here and moves with `clock`.
    static let queuedAt = Date(timeIntervalSince1970: 1_767_225_600)

    func service(_ store: any Store, _ configuration: DeliveryService.Configuration = .init()) -> DeliveryService {
        let courier = Courier(httpClient: platform, wechat: Self.wechat, wecom: Self.wecom, webhook: Self.webhook,
                              clock: clock, logger: Self.quietLogger)
        let clock = clock
        return DeliveryService(store: store, courier: courier, configuration: configuration, clock: clock,
                               now: { Self.queuedAt.addingTimeInterval(Self.seconds(clock.now.offset)) }, logger: Self.quietLogger)
    }

    /// `duration` in seconds.
    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Writes `messages` to the outbox in one transaction, in order.
    func enqueue(_ store: SQLiteStore, _ messages: [(String, String)]) throws {
        try store.write { tx in
            for (recipient, text) in messages {
                try tx.enqueue(OutboundMessage(recipient: recipient, text: text), at: Self.queuedAt)
            }
        }
    }

    @Test func rowsAreDeliveredOnceInOrderThroughTheirChannels() async throws {
        let store = try SQLiteStore(url: "sqlite::memory:")
        try enqueue(store, [("wechat:alice", "已受理 #1"), ("wecom:worker", "新工单 #1"), ("webhook:u-9", "您好"),
                            ("wechat:alice", "已派单 #1")])
        let service = service(store)

        #expect(try await service.drainOnce() == 4)
        #expect(try await service.drainOnce() == 0)
        #expect(platform.delivered == ["alice: 已受理 #1", "worker: 新工单 #1", "u-9: 您好", "alice: 已派单 #1"])
        #expect(try store.claimOutbox(limit: 10).isEmpty)
        #expect(try store.outboxRows().map(\.state) == [.delivered, .delivered, .delivered, .delivered])
        #expect(try store.outboxRows().map(\.attempts) == [1, 1, 1, 1])
    }

    @Test func aRetriedRowHoldsBackItsRecipientButNotOthers() async throws {
        let store = try SQLiteStore(url: "sqlite::memory:")
        try enqueue(store, [("wechat:alice", "已接单"), ("wechat:bob", "新消息"), ("wechat:alice", "已办结")])
        let service = service(store)
        platform.breakUser("alice")

        #expect(try await service.drainOnce() == 2)  // alice's first row fails, bob's goes
        #expect(platform.delivered == ["bob: 新消息"])
        let first = try #require(try store.outboxRows().first)
        #expect(first.state == .pending)
        #expect(first.attempts == 1)
        #expect(first.lastError == "timed out")

        platform.heal("alice")
        #expect(try await service.drainOnce() == 0)  // backoff not over: nothing for alice, not even the newer row
        clock.advance(by: .milliseconds(499))
        #expect(try await service.drainOnce() == 0)
        clock.advance(by: .milliseconds(1))
        #expect(try await service.drainOnce() == 2)
        #expect(platform.delivered == ["bob: 新消息", "alice: 已接单", "alice: 已办结"])
        #expect(try store.outboxRows().map(\.attempts) == [2, 1, 1])
        #expect(try store.claimOutbox(limit: 10).isEmpty)
    }

    @Test func theBackoffDoublesWithEachAttempt() async throws {
        let store = try SQLiteStore(url: "sqlite::memory:")
        try enqueue(store, [("wecom:worker", "新工单 #2")])
        let service = service(store, .init(baseBackoff: .seconds(1)))
        platform.breakUser("worker")

        #expect(try await service.drainOnce() == 1)
        clock.advance(by: .seconds(1))
        #expect(try await service.drainOnce() == 1)
        clock.advance(by: .milliseconds(1999))
        #expect(try await service.drainOnce() == 0)
        clock.advance(by: .milliseconds(1))
        #expect(try await service.drainOnce() == 1)
        clock.advance(by: .milliseconds(3999))
        #expect(try await service.drainOnce() == 0)
        platform.heal("worker")
        clock.advance(by: .milliseconds(1))
        #expect(try await service.drainOnce() == 1)
        #expect(platform.delivered == ["worker: 新工单 #2"])
        #expect(try store.outboxRows().first?.attempts == 4)
        #expect(DeliveryService.backoff(afterAttempts: 7, base: .milliseconds(500), cap: .seconds(300)) == .seconds(32))
    }

    /// Drains every `step` of the clock for `duration`, as the service's loop would while
    /// the platform is away; returns how many attempts were made.
    @discardableResult
    func drain(_ service: DeliveryService, for duration: Duration, step: Duration) async throws -> Int {
        var attempts = 0
        var passed = Duration.zero
        while passed < duration {
            attempts += try await service.drainOnce()
            clock.advance(by: step)
            passed += step
        }
        return attempts
    }

    @Test(arguments: [Duration.seconds(70), .seconds(3 * 3600)])
    func anOutageShorterThanTheGiveUpAgeDoesNotFailTheRow(outage: Duration) async throws {
        let store = try SQLiteStore(url: "sqlite::memory:")
        try enqueue(store, [("webhook:u-1", "您好")])
        let service = service(store)
        platform.breakUser("u-1")

        try await drain(service, for: outage, step: .seconds(1))
        let row = try #require(try store.outboxRows().first)
        #expect(row.state == .pending)
        platform.heal("u-1")
        // Within the longest backoff of the outage's end, the row goes.
        try await drain(service, for: .seconds(300) + .seconds(1), step: .seconds(1))
        #expect(try store.outboxRows().first?.state == .delivered)
        #expect(platform.delivered == ["u-1: 您好"])
    }

    @Test func aRowThatOnlyEverEarnsRetriesFailsOnceOlderThanTheGiveUpAge() async throws {
        let store = try SQLiteStore(url: "sqlite::memory:")
        try enqueue(store, [("webhook:u-1", "您好")])
        let service = service(store)
        platform.breakUser("u-1")

        try await drain(service, for: .seconds(48 * 3600 - 60), step: .seconds(60))
        #expect(try store.outboxRows().first?.state == .pending)
        try await drain(service, for: .seconds(6 * 60), step: .seconds(60))
        let row = try #require(try store.outboxRows().first)
        #expect(row.state == .failed)
        #expect(row.lastError?.hasPrefix("gave up after 48.") == true)
        #expect(row.lastError?.hasSuffix("attempts: timed out") == true)
        let attempts = platform.requests.count
        try await drain(service, for: .seconds(3600), step: .seconds(60))
        #expect(platform.requests.count == attempts)
    }

    @Test func theBackoffNeverExceedsTheCap() async throws {
        for attempts in 1...200 {
            #expect(DeliveryService.backoff(afterAttempts: attempts, base: .milliseconds(500), cap: .seconds(300)) <= .seconds(300))
        }
        #expect(DeliveryService.backoff(afterAttempts: 11, base: .milliseconds(500), cap: .seconds(300)) == .seconds(300))

        let store = try SQLiteStore(url: "sqlite::memory:")
        try enqueue(store, [("webhook:u-1", "您好")])
        let service = service(store)
        platform.breakUser("u-1")
        // After an hour of outage the waits have reached the cap: one attempt per 5 minutes.
        try await drain(service, for: .seconds(3600), step: .seconds(1))
        for _ in 0..<12 {
            clock.advance(by: .seconds(300))
            #expect(try await service.drainOnce() == 1)
        }
    }

    @Test func aResidentOutsideTheWindowFailsPermanentlyAndLaterRowsStillGo() async throws {
        let store = try SQLiteStore(url: "sqlite::memory:")
        try enqueue(store, [("wechat:alice", "您的工单已办结"), ("wechat:alice", "请评价"), ("wechat:bob", "您好")])
        let service = service(store)
        platform.script("/cgi-bin/message/custom/send",
                        .json(#"{"errcode":45015,"errmsg":"response out of time limit or subscription is canceled"}"#))

        #expect(try await service.drainOnce() == 3)
        let states = try store.outboxRows()
        #expect(states.map(\.state) == [.failed, .delivered, .delivered])
        #expect(states[0].attempts == 1)
        #expect(states[0].lastError?.hasPrefix("errcode 45015") == true)
        #expect(platform.delivered == ["alice: 请评价", "bob: 您好"])
        #expect(try await service.drainOnce() == 0)
    }

    @Test func aTokenRevokedMidwayIsRefreshedAndTheRowDelivered() async throws {
        let store = try SQLiteStore(url: "sqlite::memory:")
        try enqueue(store, [("wechat:alice", "第一条"), ("wechat:bob", "第二条")])
        let service = service(store)
        platform.script("/cgi-bin/message/custom/send", .json(#"{"errcode":42001,"errmsg":"access_token expired"}"#))

        #expect(try await service.drainOnce() == 2)
        #expect(try store.outboxRows().map(\.state) == [.delivered, .delivered])
        #expect(try store.outboxRows().map(\.attempts) == [1, 1])
        #expect(platform.requests.filter { $0.url.path == "/cgi-bin/token" }.count == 2)
    }

    @Test func pendingRowsOfAStoppedProcessAreSentAfterARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-delivery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = "sqlite:" + directory.appendingPathComponent("linli.sqlite").path

        do {
            let store = try SQLiteStore(url: url)
            try enqueue(store, [("wechat:alice", "已接单"), ("wecom:worker", "新工单 #7")])
            platform.breakUser("alice")
            platform.breakUser("worker")
            // A long backoff: only the restart, not the clock, can make these rows due again.
            let first = service(store, .init(baseBackoff: .seconds(3600)))
            #expect(try await first.drainOnce() == 2)
            #expect(try await first.drainOnce() == 0)
        }
        platform.heal("alice")
        platform.heal("worker")

        let reopened = try SQLiteStore(url: url)
        #expect(try reopened.claimOutbox(limit: 10).map(\.attempts) == [1, 1])
        let second = service(reopened, .init(baseBackoff: .seconds(3600)))
        #expect(try await second.drainOnce() == 2)
        #expect(platform.delivered == ["alice: 已接单", "worker: 新工单 #7"])
        #expect(try reopened.claimOutbox(limit: 10).isEmpty)
    }

    @Test func waitingRowsDoNotStarveOtherRecipientsBeyondOneBatch() async throws {
        let store = try SQLiteStore(url: "sqlite::memory:")
        try enqueue(store, (1...5).map { ("wechat:alice", "第\($0)条") } + [("wechat:bob", "您好")])
        let service = service(store, .init(batchSize: 2))
        platform.breakUser("alice")

        // Alice's first row fails; the pass looks past her five waiting rows to bob's.
        #expect(try await service.drainOnce() == 2)
        #expect(platform.delivered == ["bob: 您好"])
        #expect(try await service.drainOnce() == 0)
        platform.heal("alice")
        clock.advance(by: .milliseconds(500))
        #expect(try await service.drainOnce() == 2)
        #expect(try await service.drainOnce() == 2)
        #expect(try await service.drainOnce() == 1)
        #expect(platform.delivered == ["bob: 您好"] + (1...5).map { "alice: 第\($0)条" })
    }

    @Test func runDeliversUntilGracefulShutdown() async throws {
        let store = try SQLiteStore(url: "sqlite::memory:")
        try enqueue(store, [("wechat:alice", "一"), ("wechat:alice", "二")])
        let courier = Courier(httpClient: platform, wechat: Self.wechat, wecom: nil, webhook: nil, logger: Self.quietLogger)
        let service = DeliveryService(store: store, courier: courier,
                                      configuration: .init(pollInterval: .milliseconds(10)), logger: Self.quietLogger)
        let group = ServiceGroup(services: [service], logger: Self.quietLogger)

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await waitUntil { platform.delivered.count == 2 }
            try enqueue(store, [("wechat:bob", "三")])
            try await waitUntil { platform.delivered.count == 3 }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(platform.delivered == ["alice: 一", "alice: 二", "bob: 三"])
        #expect(try store.claimOutbox(limit: 10).isEmpty)
    }
}
