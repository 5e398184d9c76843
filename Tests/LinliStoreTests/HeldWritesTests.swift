import Foundation
import LinliCore
@testable import LinliPostgres
import Testing

/// Writes that PostgreSQL holds back to send together with a transaction's last statement
/// (saved conversations, events, outbox rows), on every store: what must not change with
/// that. The last save wins, every user's save is kept, a read sees the writes, and rows
/// keep the order they were written in (that a failed transaction keeps none is in
/// `TransactionTests`).
@Suite("Writes held to the end of a transaction")
struct HeldWritesTests {
    private func conversation(_ user: String, lastRequest: Int?, after seconds: Double = 0) -> Conversation {
        var conversation = Conversation(userID: user, updatedAt: at(seconds))
        conversation.lastRequest = lastRequest
        return conversation
    }

    private func stored(_ store: any TestableStore, _ user: String) throws -> Conversation? {
        try store.read { try $0.conversation(for: user) }
    }

    @Test(arguments: Backend.all)
    func theLastSaveOfAUserWins(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                _ = try store.handleOnce(key: "wechat:m1") { tx in
                    try tx.save(conversation("wechat:alice", lastRequest: 1))
                    try tx.save(conversation("wechat:alice", lastRequest: 2, after: 1))
                    return ["ok"]
                }
                #expect(try stored(store, "wechat:alice") == conversation("wechat:alice", lastRequest: 2, after: 1))
            }
        }
    }

    @Test(arguments: Backend.all)
    func savesOfSeveralUsersAreAllKept(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                let replies = try store.handleOnce(key: "wechat:m1") { tx in
                    try tx.save(conversation("wechat:alice", lastRequest: 1))
                    try tx.save(conversation("wechat:bob", lastRequest: 2))
                    try tx.save(conversation("wechat:alice", lastRequest: 3))
                    return ["ok"]
                }
                #expect(replies == HandledMessage(replies: ["ok"], duplicate: false))
                #expect(try stored(store, "wechat:alice")?.lastRequest == 3)
                #expect(try stored(store, "wechat:bob")?.lastRequest == 2)
                #expect(try store.counts().conversations == 2)
                // The replies went with the last save: the key is handled.
                #expect(try store.handleOnce(key: "wechat:m1") { _ in ["again"] }
                    == HandledMessage(replies: ["ok"], duplicate: true))
            }
        }
    }

    @Test(arguments: Backend.all)
    func aWriteTransactionKeepsItsSaveAndReadsItBack(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                let readBack = try store.write { tx in
                    try tx.save(conversation("wechat:alice", lastRequest: 5))
                    return try tx.conversation(for: "wechat:alice")?.lastRequest
                }
                #expect(readBack == 5)
                try store.write { tx in try tx.save(conversation("wechat:bob", lastRequest: 6)) }
                #expect(try stored(store, "wechat:alice")?.lastRequest == 5)
                #expect(try stored(store, "wechat:bob")?.lastRequest == 6)
            }
        }
    }

    @Test(arguments: Backend.all)
    func eventsAndMessagesKeepTheirOrderAndAreReadBack(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                try store.write { tx in try tx.save(sampleRequest(2)) }
                let events = [
                    RequestEvent(request: 1, kind: .opened, actor: "wechat:alice", at: t0),
                    // #2 is stored but this transaction has not seen it: checked at once.
                    RequestEvent(request: 2, kind: .replied, actor: "wecom:wang", at: t0, note: "明天上门"),
                    RequestEvent(request: 1, kind: .assigned, actor: "system", at: t0, note: "g1"),
                ]
                let messages = ["第一条", "第二条", "第三条"].map { OutboundMessage(recipient: "wecom:wang", text: $0) }
                let seen = try store.write { tx in
                    try tx.save(sampleRequest(1))
                    for (event, message) in zip(events, messages) {
                        try tx.append(event)
                        try tx.enqueue(message, at: t0)
                    }
                    return try tx.events(since: nil)
                }
                #expect(seen == events)
                #expect(try store.read { try $0.events(since: nil) } == events)
                #expect(try store.read { try $0.events(request: 1) } == [events[0], events[2]])
                #expect(try (1...3).map { try store.outboxRow(Int64($0))?.entry.message } == messages)
            }
        }
    }

    /// The round trips messages cost on PostgreSQL, on the engine's path (conversation read
    /// ahead). A plain one: BEGIN, the claim (dedupe row, lock and conversation), the replies
    /// with the conversation, COMMIT. A duplicate: BEGIN, the claim (which returns the
    /// replies), ROLLBACK. A report: BEGIN, the claim, the number, the request, then its
    /// events, the staff notice, the conversation and the replies in one statement, COMMIT.
    @Test(arguments: Backend.postgresOnly)
    func roundTripsPerMessage(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let store = try database.openPostgres()
                defer { store.close() }
                /// What `work` returns and how many statements it cost.
                func counted<T>(_ work: () throws -> T) rethrows -> (T, statements: Int) {
                    let before = store.statements.total
                    let result = try work()
                    return (result, store.statements.total - before)
                }
                let plain = try counted {
                    try store.handleReadingAhead(key: "wechat:m1", user: "wechat:alice") { tx in
                        var alice = try tx.conversation(for: "wechat:alice") ?? Conversation(userID: "wechat:alice", updatedAt: t0)
                        alice.lastRequest = 9
                        try tx.save(alice)
                        return ["好的"]
                    }
                }
                #expect(plain == (HandledMessage(replies: ["好的"], duplicate: false), 4))
                #expect(try store.read { try $0.conversation(for: "wechat:alice") }?.lastRequest == 9)

                let duplicate = try counted { try store.handleOnce(key: "wechat:m1") { _ in ["again"] } }
                #expect(duplicate == (HandledMessage(replies: ["好的"], duplicate: true), 3))

                let report = try counted {
                    try store.handleReadingAhead(key: "wechat:m2", user: "wechat:alice") { tx in
                        var alice = try #require(try tx.conversation(for: "wechat:alice"))
                        let number = try tx.nextRequestNumber()
                        try tx.save(sampleRequest(number))
                        try tx.append(RequestEvent(request: number, kind: .opened, actor: "wechat:alice", at: t0))
                        try tx.append(RequestEvent(request: number, kind: .assigned, actor: "system", at: t0, note: "g1"))
                        try tx.enqueue(OutboundMessage(recipient: "wecom:wang", text: "新工单 #\(number)"), at: t0)
                        alice.lastRequest = number
                        try tx.save(alice)
                        return ["已受理 #\(number)"]
                    }
                }
                #expect(report == (HandledMessage(replies: ["已受理 #1"], duplicate: false), 6))
                #expect(try store.read { try $0.events(request: 1) }.map(\.kind) == [.opened, .assigned])
                #expect(try store.counts().outbox == 1)
                #expect(try store.read { try $0.conversation(for: "wechat:alice") }?.lastRequest == 1)
            }
        }
    }
}
