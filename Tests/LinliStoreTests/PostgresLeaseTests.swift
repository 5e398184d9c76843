import Foundation
import LinliCore
@testable import LinliPostgres
import Testing

/// A wall clock several stores share, moved by the test: leases run out without waiting.
final class SharedWallClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = t0

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}

/// A delivery pass can outlast its lease; then another server claims the rest. The first
/// must neither send those rows (it renews each lease right before sending) nor overwrite
/// the second's record of them.
@Suite("PostgreSQL: outbox leases that run out")
struct PostgresLeaseTests {
    /// Two servers on one database, on one test clock, with 60-second leases.
    private func twoServers(_ database: TestDatabase, _ clock: SharedWallClock) throws -> (PostgresStore, PostgresStore) {
        let configure: (inout PostgresStore.Configuration) -> Void = { configuration in
            configuration.outboxLease = 60
            configuration.clock = { clock.now }
        }
        return (try database.openPostgres(configure), try database.openPostgres(configure))
    }

    @Test(arguments: Backend.postgresOnly)
    func aRunOutLeaseIsNotRenewedAndItsHoldersRecordDoesNotOverwriteTheNewOnes(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let clock = SharedWallClock()
                let (a, b) = try twoServers(database, clock)
                try a.write { tx in
                    try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "一", origin: "wecom:worker"), at: t0)
                    try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "二", origin: "wecom:worker"), at: t0)
                }
                let claimedByA = try a.claimOutbox(limit: 10)
                #expect(claimedByA.count == 2)
                #expect(try a.renewLease(ofOutboxRow: claimedByA[0].id))  // in time: renewed

                clock.advance(by: 61)
                let claimedByB = try b.claimOutbox(limit: 10)
                #expect(claimedByB.map(\.id) == claimedByA.map(\.id))

                // A, still in its pass, checks before sending: not its row any more.
                #expect(try !a.renewLease(ofOutboxRow: claimedByA[0].id))
                #expect(try b.renewLease(ofOutboxRow: claimedByB[0].id))
                #expect(try b.recordDelivery(id: claimedByB[0].id, state: .delivered, error: nil))
                // A's late record of a send it made before does not touch B's.
                #expect(try !a.recordDelivery(id: claimedByA[0].id, state: .pending, error: "timed out"))
                let first = try #require(try a.outboxRow(claimedByA[0].id))
                #expect(first.entry.state == .delivered)
                #expect(first.entry.attempts == 1)
                #expect(first.entry.lastError == nil)

                // Nor does a failure A records, and its notice is not queued.
                let notice = OutboundMessage(recipient: "wecom:worker", text: "未送达")
                #expect(try !a.recordFailure(id: claimedByA[1].id, error: "errcode 45015", notice: notice, at: at(61)))
                #expect(try a.outboxRow(claimedByA[1].id)?.entry.state == .pending)
                #expect(try a.counts().outbox == 2)
                #expect(try b.recordFailure(id: claimedByB[1].id, error: "errcode 45015", notice: notice, at: at(61)))
                #expect(try a.counts().outbox == 3)
            }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func aLeaseThatRanOutUnclaimedIsNotRenewedButClaimedAgain(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let clock = SharedWallClock()
                let (a, _) = try twoServers(database, clock)
                try a.write { tx in try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "一"), at: t0) }
                let id = try #require(try a.claimOutbox(limit: 10).first?.id)
                clock.advance(by: 61)
                #expect(try !a.renewLease(ofOutboxRow: id))
                #expect(try a.claimOutbox(limit: 10).map(\.id) == [id])
                #expect(try a.renewLease(ofOutboxRow: id))
            }
        }
    }

    /// Two delivery loops as `DeliveryService` runs them (claim, then for each row: renew,
    /// send, record), A's pass outliving its lease while B claims: every row is sent once.
    @Test(arguments: Backend.postgresOnly)
    func noRowIsSentTwiceWhenAPassOutlivesItsLease(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let clock = SharedWallClock()
                let (a, b) = try twoServers(database, clock)
                try a.write { tx in
                    for index in 0..<20 {
                        try tx.enqueue(OutboundMessage(recipient: "wechat:r\(index % 4)", text: "m\(index)"), at: at(Double(index)))
                    }
                }
                var sent: [(server: String, id: Int64)] = []
                func send(_ server: String, _ store: PostgresStore, _ row: OutboxEntry) throws {
                    guard try store.renewLease(ofOutboxRow: row.id) else { return }
                    sent.append((server, row.id))
                    try store.recordDelivery(id: row.id, state: .delivered, error: nil)
                }
                let passOfA = try a.claimOutbox(limit: 100)
                // A sends six rows at 10 s each; its lease runs out; B claims the rest and sends them.
                for row in passOfA.prefix(6) {
                    try send("a", a, row)
                    clock.advance(by: 10)
                }
                clock.advance(by: 1)
                for row in try b.claimOutbox(limit: 100) { try send("b", b, row) }
                // A goes on with its pass.
                for row in passOfA.dropFirst(6) { try send("a", a, row) }

                #expect(sent.count == 20)
                #expect(Set(sent.map(\.id)).count == 20)
                #expect(sent.filter { $0.server == "a" }.count == 6)
                #expect(try a.outboxCounts() == OutboxCounts(pending: 0, delivered: 20, failed: 0))
            }
        }
    }

    /// Renewing before the send and recording after it: two statements per delivered row
    /// (recording alone took three before: BEGIN, UPDATE, COMMIT).
    @Test(arguments: Backend.postgresOnly)
    func aDeliveredRowCostsTwoStatements(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let store = try database.openPostgres()
                try store.write { tx in try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "一"), at: t0) }
                let row = try #require(try store.claimOutbox(limit: 1).first)
                let before = store.statements.total
                #expect(try store.renewLease(ofOutboxRow: row.id))
                #expect(try store.recordDelivery(id: row.id, state: .delivered, error: nil))
                #expect(store.statements.total - before == 2)
            }
        }
    }
}
