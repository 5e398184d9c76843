import Foundation
import LinliCore
import Synchronization
import Testing

@Suite("handleOnce: one message, one transaction")
struct HandleOnceTests {
    @Test(arguments: Backend.all)
    func duplicateKeyRunsTheBodyOnceAndRepeatsTheReplies(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            var runs = 0
            let first = try store.handleOnce(key: "wechat:1001") { tx in
                runs += 1
                try tx.save(sampleRequest(try tx.nextRequestNumber()))
                return ["已受理，编号 #1", "网格员会尽快联系您"]
            }
            let second = try store.handleOnce(key: "wechat:1001") { _ in
                runs += 1
                return ["a different answer"]
            }
            #expect(runs == 1)
            #expect(first == HandledMessage(replies: ["已受理，编号 #1", "网格员会尽快联系您"], duplicate: false))
            #expect(second == HandledMessage(replies: first.replies, duplicate: true))
            #expect(try store.counts().requests == 1)
            #expect(try store.counts().inbox == 1)
        }
    }

    @Test(arguments: Backend.all)
    func distinctKeysAreHandledSeparately(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            let first = try store.handleOnce(key: "wechat:1") { _ in ["one"] }
            let second = try store.handleOnce(key: "wechat:2") { _ in ["two"] }
            #expect(first == HandledMessage(replies: ["one"], duplicate: false))
            #expect(second == HandledMessage(replies: ["two"], duplicate: false))
        }
    }

    @Test(arguments: Backend.all)
    func noRepliesAreRecordedToo(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            _ = try store.handleOnce(key: "wechat:silent") { _ in [] }
            let again = try store.handleOnce(key: "wechat:silent") { _ in ["late"] }
            #expect(again == HandledMessage(replies: [], duplicate: true))
        }
    }

    @Test(arguments: Backend.all)
    func throwingBodyLeavesNoTrace(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            let failure = HandlerFailure(reason: "renderer broke")
            #expect(throws: failure) {
                try store.handleOnce(key: "wechat:2002") { tx in
                    let number = try tx.nextRequestNumber()
                    try tx.save(sampleRequest(number))
                    try tx.append(RequestEvent(request: number, kind: .opened, actor: "wechat:alice", at: t0))
                    try tx.enqueue(OutboundMessage(recipient: "wecom:worker", text: "新工单 #\(number)"), at: t0)
                    try tx.save(Conversation(userID: "wechat:alice", updatedAt: t0))
                    throw failure
                }
            }
            let counts = try store.counts()
            #expect(counts.inbox == 0)
            #expect(counts.requests == 0)
            #expect(counts.events == 0)
            #expect(counts.outbox == 0)
            #expect(counts.conversations == 0)

            // The same message handled again runs, and the number taken before is free again.
            let retry = try store.handleOnce(key: "wechat:2002") { tx in ["#\(try tx.nextRequestNumber())"] }
            #expect(retry == HandledMessage(replies: ["#1"], duplicate: false))
        }
    }

    @Test(arguments: Backend.all)
    func storeErrorsInsideTheBodyRollBackToo(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            let error = try #require(throws: CoreError.self) {
                try store.handleOnce(key: "wechat:3003") { tx in
                    try tx.enqueue(OutboundMessage(recipient: "wecom:worker", text: "x"), at: t0)
                    try tx.append(RequestEvent(request: 99, kind: .claimed, actor: "wecom:worker", at: t0))
                    return ["unreachable"]
                }
            }
            #expect(error.code == .unknownRequest)
            #expect(error.message.contains("#99"))
            #expect(try store.counts().outbox == 0)
            #expect(try store.counts().inbox == 0)
        }
    }

    @Test(arguments: Backend.all)
    func concurrentRetriesOfOneMessageRunTheBodyOnce(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            let runs = Counter()
            let results = Collector<HandledMessage?>()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                results.append(try? store.handleOnce(key: "wechat:4004") { tx in
                    runs.increment()
                    return ["#\(try tx.nextRequestNumber())"]
                })
            }
            #expect(runs.value == 1)
            #expect(results.values.allSatisfy { $0?.replies == ["#1"] })
            #expect(results.values.filter { $0?.duplicate == true }.count == 7)
        }
    }
}

/// The completion path told whose conversation the body reads first (the engine's path),
/// which PostgreSQL reads together with the dedupe row.
@Suite("handleOnce with the conversation read ahead")
struct ReadAheadTests {
    @Test(arguments: Backend.all)
    func theBodySeesTheStoredConversationAndItsOwnWrites(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            try store.write { try $0.save(Conversation(userID: "wechat:bob", updatedAt: t0)) }

            let first = try store.handleReadingAhead(key: "wechat:m1", user: "wechat:alice") { tx in
                // Another user's conversation first: the one read ahead is not it.
                guard try tx.conversation(for: "wechat:bob") != nil else { return ["bob missing"] }
                guard try tx.conversation(for: "wechat:alice") == nil else { return ["alice too early"] }
                var alice = Conversation(userID: "wechat:alice", updatedAt: t0)
                alice.lastRequest = 7
                try tx.save(alice)
                // Read again after the save: what was saved, not what was read ahead.
                return ["\(try tx.conversation(for: "wechat:alice")?.lastRequest ?? 0)"]
            }
            #expect(first == HandledMessage(replies: ["7"], duplicate: false))

            let second = try store.handleReadingAhead(key: "wechat:m2", user: "wechat:alice") { tx in
                ["\(try tx.conversation(for: "wechat:alice")?.lastRequest ?? 0)"]
            }
            #expect(second == HandledMessage(replies: ["7"], duplicate: false))

            let ran = Mutex(false)
            let again = try store.handleReadingAhead(key: "wechat:m1", user: "wechat:alice") { _ in
                ran.withLock { $0 = true }
                return ["again"]
            }
            #expect(again == HandledMessage(replies: ["7"], duplicate: true))
            #expect(!ran.withLock { $0 })
            #expect(try store.counts().inbox == 2)
        }
    }

    @Test(arguments: Backend.all)
    func aThrowingBodyKeepsNothing(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            #expect(throws: CoreError.self) {
                try store.handleReadingAhead(key: "wechat:m1", user: "wechat:alice") { tx in
                    try tx.save(Conversation(userID: "wechat:alice", updatedAt: t0))
                    throw CoreError(.unknownRequest, "the handler gives up")
                }
            }
            #expect(try store.counts().inbox == 0 && store.counts().conversations == 0)
            let retried = try store.handleReadingAhead(key: "wechat:m1", user: "wechat:alice") { tx in
                [try tx.conversation(for: "wechat:alice") == nil ? "fresh" : "stale"]
            }
            #expect(retried == HandledMessage(replies: ["fresh"], duplicate: false))
        }
    }
}
