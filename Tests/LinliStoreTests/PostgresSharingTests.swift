import Foundation
import LinliCore
@testable import LinliPostgres
import Testing

/// Several servers on one PostgreSQL database: what each sees of the others.
@Suite("PostgreSQL: several stores on one database")
struct PostgresSharingTests {
    @Test(arguments: Backend.postgresOnly)
    func storesOpeningTogetherMigrateOnce(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let url = try #require(database.postgresURL)
                let opened = Collector<Bool>()
                let stores = Collector<PostgresStore>()
                onThreads(4) { _ in
                    do {
                        stores.append(try PostgresStore(url: url))
                        opened.append(true)
                    } catch {
                        Issue.record(error)
                    }
                }
                #expect(opened.values.count == 4)
                for store in stores.values {
                    #expect(try store.appliedMigrations() == PostgresStore.migrations.map(\.version))
                    store.close()
                }
            }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func oneKeyFromTwoStoresIsHandledOnce(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let stores = [try database.openPostgres(), try database.openPostgres()]
                let runs = Counter()
                let results = Collector<HandledMessage>()
                onThreads(8) { thread in
                    do {
                        results.append(try stores[thread % 2].handleOnce(key: "wechat:7007") { tx in
                            runs.increment()
                            let number = try tx.nextRequestNumber()
                            try tx.save(sampleRequest(number))
                            Thread.sleep(forTimeInterval: 0.1)  // the others arrive while this one is open
                            return ["#\(number)", "thread \(thread)"]
                        })
                    } catch {
                        Issue.record(error)
                    }
                }
                #expect(runs.value == 1)
                #expect(results.values.count == 8)
                #expect(Set(results.values.map(\.replies)).count == 1)
                #expect(results.values.filter(\.duplicate).count == 7)
                #expect(try stores[0].counts().requests == 1)
            }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func requestNumbersFromTwoStoresAreUniqueAndGapFree(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let stores = [try database.openPostgres(), try database.openPostgres()]
                let numbers = Collector<Int>()
                let perThread = 10
                onThreads(8) { thread in
                    for index in 0..<perThread {
                        do {
                            let number = try stores[thread % 2].write { tx in
                                let number = try tx.nextRequestNumber()
                                // Every third transaction is abandoned: its number must come back.
                                if index % 3 == 2 { throw HandlerFailure(reason: "abandoned") }
                                try tx.save(sampleRequest(number))
                                return number
                            }
                            numbers.append(number)
                        } catch is HandlerFailure {
                        } catch {
                            Issue.record(error)
                        }
                    }
                }
                let kept = 8 * (0..<perThread).filter { $0 % 3 != 2 }.count
                #expect(numbers.values.sorted() == Array(1...kept))
                #expect(try stores[1].read { try $0.requests(RequestQuery()) }.count == kept)
            }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func oneUsersMessagesOnTwoStoresAreHandledOneAtATime(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let stores = [try database.openPostgres(), try database.openPostgres()]
                let inside = Counter(), overlaps = Counter()
                onThreads(6) { thread in
                    do {
                        _ = try stores[thread % 2].handleOnce(key: "wechat:m\(thread)") { tx in
                            var conversation = try tx.conversation(for: "wechat:alice") ?? Conversation(userID: "wechat:alice", updatedAt: t0)
                            inside.increment()
                            if inside.value > 1 { overlaps.increment() }
                            Thread.sleep(forTimeInterval: 0.05)
                            conversation.misunderstandings += 1
                            try tx.save(conversation)
                            inside.decrement()
                            return []
                        }
                    } catch {
                        Issue.record(error)
                    }
                }
                #expect(overlaps.value == 0)
                // No update was lost: each handler saw the one before it.
                #expect(try stores[0].read { try $0.conversation(for: "wechat:alice") }?.misunderstandings == 6)
            }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func twoStoresNeverClaimTheSameOutboxRow(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let stores = [try database.openPostgres(), try database.openPostgres()]
                try stores[0].write { tx in
                    for index in 0..<40 {
                        try tx.enqueue(OutboundMessage(recipient: "wechat:r\(index)", text: "m\(index)"), at: at(Double(index)))
                    }
                }
                let claimed = Collector<(Int, Int64)>()
                onThreads(4) { thread in
                    for _ in 0..<5 {
                        do {
                            for entry in try stores[thread % 2].claimOutbox(limit: 3) { claimed.append((thread % 2, entry.id)) }
                        } catch {
                            Issue.record(error)
                        }
                    }
                }
                let byStore = Dictionary(grouping: claimed.values, by: \.0).mapValues { Set($0.map(\.1)) }
                #expect(byStore[0, default: []].isDisjoint(with: byStore[1, default: []]))
                #expect(byStore[0, default: []].union(byStore[1, default: []]).count > 3)
            }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func aRecipientsLaterRowWaitsWhileAnotherStoreHoldsTheFirst(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let a = try database.openPostgres(), b = try database.openPostgres()
                try a.write { tx in
                    try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "first"), at: at(0))
                    try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "second"), at: at(1))
                    try tx.enqueue(OutboundMessage(recipient: "wechat:bob", text: "other"), at: at(2))
                }
                let first = try a.claimOutbox(limit: 1)
                #expect(first.map(\.message.text) == ["first"])
                // B may have bob's row, but not alice's second while A holds her first.
                #expect(try b.claimOutbox(limit: 10).map(\.message.text) == ["other"])
                // A's own claims come back with their lease renewed.
                #expect(try a.claimOutbox(limit: 10).map(\.message.text) == ["first", "second"])
                #expect(try a.outboxLease(first[0].id).owner == a.owner)

                try a.recordDelivery(id: first[0].id, state: .delivered, error: nil)
                #expect(try a.outboxLease(first[0].id).owner == nil)
                // Alice's second row is still A's until A settles it or its lease runs out.
                #expect(try b.claimOutbox(limit: 10).map(\.message.text) == ["other"])
            }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func anExpiredLeaseIsClaimableByAnotherStore(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let a = try database.openPostgres { $0.outboxLease = 3 }
                let b = try database.openPostgres()
                try a.write { tx in try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "hello"), at: t0) }
                let claimed = try a.claimOutbox(limit: 10)
                #expect(claimed.count == 1)
                #expect(try b.claimOutbox(limit: 10).isEmpty)
                Thread.sleep(forTimeInterval: 3.2)
                #expect(try b.claimOutbox(limit: 10).map(\.id) == claimed.map(\.id))
                #expect(try a.claimOutbox(limit: 10).isEmpty)
            }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func closingAStoreGivesItsLeasesBack(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let a = try database.openPostgres(), b = try database.openPostgres()
                try a.write { tx in try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "hello", origin: "wecom:w"), at: t0) }
                #expect(try a.claimOutbox(limit: 10).count == 1)
                #expect(try b.claimOutbox(limit: 10).isEmpty)
                a.close()
                let taken = try b.claimOutbox(limit: 10)
                #expect(taken.map(\.message) == [OutboundMessage(recipient: "wechat:alice", text: "hello", origin: "wecom:w")])
            }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func aFailureAndItsNoticeAreRecordedTogether(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let store = try database.openPostgres()
                try store.write { tx in
                    try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "回复", origin: "wecom:worker"), at: t0)
                }
                let id = try #require(try store.claimOutbox(limit: 1).first?.id)
                let notice = OutboundMessage(recipient: "wecom:worker", text: "未送达")
                try store.recordFailure(id: id, error: "errcode 45015", notice: notice, at: at(5))
                #expect(try store.outboxRow(id)?.entry.state == .failed)
                #expect(try store.claimOutbox(limit: 10).map(\.message) == [notice])

                #expect(throws: CoreError.self) { try store.recordFailure(id: 999, error: "x", notice: notice, at: at(6)) }
                #expect(try store.counts().outbox == 2)
            }
        }
    }
}
