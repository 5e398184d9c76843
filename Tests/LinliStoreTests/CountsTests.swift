import Foundation
import LinliCore
import Testing

/// The counts `/metrics` shows come from the database, without reading rows, and counting
/// leases nothing: another server can claim every pending row right after.
@Suite("Counts")
struct CountsTests {
    @Test(arguments: Backend.all)
    func outboxCountsAreByStateAndLeaveEveryRowClaimable(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let store = try database.open()
                try store.write { tx in
                    for index in 0..<5 {
                        try tx.enqueue(OutboundMessage(recipient: "wechat:r\(index)", text: "m\(index)"), at: at(Double(index)))
                    }
                }
                let settled = try store.claimOutbox(limit: 2)
                try store.recordDelivery(id: settled[0].id, state: .delivered, error: nil)
                try store.recordDelivery(id: settled[1].id, state: .failed, error: "errcode 40003")
                #expect(try store.outboxCounts() == OutboxCounts(pending: 3, delivered: 1, failed: 1))
                #expect(try store.outboxCounts() == OutboxCounts(pending: 3, delivered: 1, failed: 1))

                // Another server (or, for SQLite in memory, the same store) claims them all.
                let other = try database.open()
                #expect(try other.claimOutbox(limit: 10).map(\.message.text) == ["m2", "m3", "m4"])
            }
        }
    }

    @Test(arguments: Backend.all)
    func anEmptyStoreCountsNothing(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store throws in
                #expect(try store.outboxCounts() == OutboxCounts())
                #expect(try store.requestCounts() == RequestCounts(opened: 0, resolved: 0))
            }
        }
    }

    @Test(arguments: Backend.all)
    func requestCountsAreEveryRequestAndTheResolvedOnes(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                try store.write { tx in
                    for number in 1...4 {
                        var request = sampleRequest(number, followers: ["wechat:f\(number)"])
                        if number <= 2 {
                            request.status = .resolved
                            request.resolvedAt = at(60)
                        }
                        try tx.save(request)
                    }
                }
                #expect(try store.requestCounts() == RequestCounts(opened: 4, resolved: 2))
            }
        }
    }
}
