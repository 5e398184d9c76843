import Foundation
import LinliCore
import LinliGateways
@testable import LinliServer
@testable import LinliSQLite
import Testing

/// When a pass outlives its store lease, another server may hold some rows by the time
/// this one reaches them: those, and the rest of their recipient's rows, are left to it.
@Suite("Delivery with leases lost mid-pass")
struct DeliveryLeaseTests {
    let platform = DeliveryFakePlatform()
    let clock = ManualClock()

    func service(_ store: any Store) -> DeliveryService {
        let courier = Courier(httpClient: platform, wechat: DeliveryServiceTests.wechat, wecom: nil, webhook: nil,
                              clock: clock, logger: DeliveryServiceTests.quietLogger)
        return DeliveryService(store: store, courier: courier, clock: clock,
                               now: { DeliveryServiceTests.queuedAt }, logger: DeliveryServiceTests.quietLogger)
    }

    @Test func aRowLeasedToAnotherServerIsNotSentNorAreItsRecipientsLaterRows() async throws {
        let sqlite = try SQLiteStore(url: "sqlite::memory:")
        try sqlite.write { tx in
            for (recipient, text) in [("wechat:alice", "一"), ("wechat:bob", "您好"), ("wechat:alice", "二")] {
                try tx.enqueue(OutboundMessage(recipient: recipient, text: text), at: DeliveryServiceTests.queuedAt)
            }
        }
        let first = try #require(try sqlite.claimOutbox(limit: 1).first)
        let store = LeaseLosingStore(inner: sqlite, lost: [first.id])

        _ = try await service(store).drainOnce()
        #expect(platform.delivered == ["bob: 您好"])
        #expect(store.renewed == [first.id, first.id + 1])
        // Alice's rows are the other server's to send and record.
        #expect(try sqlite.outboxRows().map(\.state) == [.pending, .delivered, .pending])
        #expect(try sqlite.outboxRows().map(\.attempts) == [0, 1, 0])
    }
}

/// The real store, as seen by a server whose leases of `lost` rows ran out and were taken
/// by another server.
final class LeaseLosingStore: ForwardingStore, @unchecked Sendable {
    let inner: SQLiteStore
    let lost: Set<Int64>
    private let lock = NSLock()
    private var renewals: [Int64] = []

    init(inner: SQLiteStore, lost: Set<Int64>) {
        self.inner = inner
        self.lost = lost
    }

    /// The rows whose lease was asked to be renewed, in order.
    var renewed: [Int64] { lock.withLock { renewals } }

    func renewLease(ofOutboxRow id: Int64) throws -> Bool {
        lock.withLock { renewals.append(id) }
        return !lost.contains(id)
    }
    func recordDelivery(id: Int64, state: OutboxEntry.State, error: String?) throws -> Bool {
        guard !lost.contains(id) else { return false }
        return try inner.recordDelivery(id: id, state: state, error: error)
    }
}
