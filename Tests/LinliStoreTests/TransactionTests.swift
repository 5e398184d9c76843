import Foundation
import LinliCore
import Testing

@Suite("Transactions: read-only reads, health")
struct TransactionTests {
    @Test(arguments: Backend.all)
    func readTransactionsCannotWrite(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                // A request is written at once; PostgreSQL holds a conversation back to the
                // end of the transaction, where it must fail as surely.
                let writes: [(name: String, write: @Sendable (any StoreTransaction) throws -> Void)] = [
                    ("#1", { try $0.save(sampleRequest(1)) }),
                    // Named as logs may name a user: shortened.
                    ("wechat:alic…", { try $0.save(Conversation(userID: "wechat:alice", updatedAt: t0)) }),
                ]
                for (name, write) in writes {
                    let error = try #require(throws: CoreError.self) { try store.read(write) }
                    #expect(error.code == .storeFailure)
                    #expect(error.message.contains(name))
                }
                let counts = try store.counts()
                #expect(counts.requests == 0 && counts.conversations == 0)
            }
        }
    }

    @Test(arguments: Backend.all)
    func pingAnswers(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { try $0.ping() }
        }
    }

    @Test(arguments: Backend.all)
    func aWriteThatThrowsKeepsNothingAndRethrowsUnchanged(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                let failure = HandlerFailure(reason: "changed my mind")
                #expect(throws: failure) {
                    try store.write { tx in
                        try tx.save(sampleRequest(1))
                        try tx.enqueue(OutboundMessage(recipient: "wecom:worker", text: "x"), at: t0)
                        try tx.save(Conversation(userID: "wechat:alice", updatedAt: t0))
                        throw failure
                    }
                }
                let counts = try store.counts()
                #expect(counts.requests == 0 && counts.outbox == 0 && counts.conversations == 0)
            }
        }
    }

    @Test(arguments: Backend.all)
    func aHandlerMayGoOnAfterAnUnknownRequestEvent(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                // The error is the handler's to handle; the transaction stays usable.
                let replies = try store.handleOnce(key: "wechat:6006") { tx in
                    do {
                        try tx.append(RequestEvent(request: 5, kind: .claimed, actor: "wecom:worker", at: t0))
                    } catch let error as CoreError where error.code == .unknownRequest {}
                    try tx.save(sampleRequest(try tx.nextRequestNumber()))
                    return ["ok"]
                }
                #expect(replies == HandledMessage(replies: ["ok"], duplicate: false))
                #expect(try store.counts().requests == 1)
            }
        }
    }
}
