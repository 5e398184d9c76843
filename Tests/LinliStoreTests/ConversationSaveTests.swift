import Foundation
import LinliCore
@testable import LinliPostgres
import Synchronization
import Testing

/// Saving conversations inside one transaction. PostgreSQL holds a saved conversation back
/// to send it with the transaction's last statement, so these pin down what must not change
/// with that: the last save wins, every user's save is kept, and a read sees the save (that a
/// failed transaction keeps none is in `TransactionTests`).
@Suite("Conversations saved inside a transaction")
struct ConversationSaveTests {
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

    /// The round trips a message costs on PostgreSQL: BEGIN, the claim (dedupe row, lock and
    /// conversation), the replies with the conversation, COMMIT. A duplicate: BEGIN, the
    /// claim (which returns the replies), ROLLBACK.
    @Test(arguments: Backend.postgresOnly)
    func aPlainMessageIsFourStatementsAndADuplicateThree(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let store = try database.openPostgres()
                defer { store.close() }
                let before = store.statements.total
                let done = DispatchSemaphore(value: 0)
                let outcome = Mutex<Result<HandledMessage, any Error>?>(nil)
                store.handleOnce(key: "wechat:m1", readingConversationOf: "wechat:alice", { tx in
                    var alice = try tx.conversation(for: "wechat:alice") ?? Conversation(userID: "wechat:alice", updatedAt: t0)
                    alice.lastRequest = 9
                    try tx.save(alice)
                    return ["好的"]
                }, completion: { result in
                    outcome.withLock { $0 = result }
                    done.signal()
                })
                done.wait()
                #expect(try #require(outcome.withLock { $0 }).get() == HandledMessage(replies: ["好的"], duplicate: false))
                #expect(store.statements.total - before == 4)
                #expect(try store.read { try $0.conversation(for: "wechat:alice") }?.lastRequest == 9)

                let beforeDuplicate = store.statements.total
                #expect(try store.handleOnce(key: "wechat:m1") { _ in ["again"] } == HandledMessage(replies: ["好的"], duplicate: true))
                #expect(store.statements.total - beforeDuplicate == 3)
            }
        }
    }
}
