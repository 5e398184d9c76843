import Dispatch
import Foundation
import HummingbirdTesting
import LinliCore
@testable import LinliServer
import LinliSQLite
import Testing

/// Replies that miss the deadline, or do not fit in one passive reply, are queued in the
/// message's own transaction: a store that allows no second write transaction still ends
/// up with every reply.
@Suite("late and overflowing replies commit with their message")
struct LateRepliesTests {
    @Test("a late WeChat message's replies are in the outbox although no second write was possible")
    func lateInOneTransaction() async throws {
        let gate = Gate()
        var harness = try Harness { OneTransactionStore(inner: $0, gate: gate) }
        harness.configuration.clock = DeadlineClock(expired: true)
        try await harness.test { client in
            let response = try await client.post("/wechat", query: Wire.plainQuery(), body: Wire.text(WeChatRouteTests.report, msgID: 7001))
            #expect(response.text == "success")
            gate.open()
        }
        let replies = try harness.outbox(for: "wechat:oUser-openid")
        #expect(replies.count == 1)
        #expect(replies.first?.contains("#1") == true)
    }

    @Test("what does not fit in the passive reply is queued with the message, in order, and a retry queues nothing again")
    func overflowInOneTransaction() async throws {
        let gate = Gate()
        gate.open()
        let harness = try Harness { OneTransactionStore(inner: $0, gate: gate) }
        // Enough open requests that the worker's to-do list overflows 2048 bytes.
        let texts = (0..<20).map { "凤鸣小区\($0 + 1)号楼楼道灯坏了好几天了，晚上黑漆漆的老人上下楼很危险，麻烦尽快派人来修一下" }
        let (first, retry) = try await harness.test { client in
            for (index, text) in texts.enumerated() {
                let body = Wire.text(text, from: "oResident\(index)", msgID: 7100 + UInt64(index))
                _ = try await client.post("/wechat", query: Wire.plainQuery(), body: body)
            }
            let todo = Wire.text("待办", from: "worker-openid", msgID: 7200)
            let first = try await client.post("/wechat", query: Wire.plainQuery(), body: todo)
            let retry = try await client.post("/wechat", query: Wire.plainQuery(), body: todo)
            return (first.text, retry.text)
        }
        #expect(first == retry)
        let passive = try #require(try Wire.content(ofPlainReply: first))
        #expect(passive.utf8.count <= PassiveReply.contentLimit)
        let queued = try harness.outbox(for: "wechat:worker-openid").filter { !$0.contains("新工单") }
        #expect(!queued.isEmpty, "the overflow of the to-do list was queued")
        let whole = ([passive] + queued).joined(separator: PassiveReply.separator)
        for number in 1...20 { #expect(whole.contains("#\(number)"), "#\(number) is in the answer or the outbox") }
    }

    @Test("once its replies are locked in, the answer waits for the commit instead of expiring")
    func lockedInAnswerWaits() async {
        let handoff = Handoff()
        #expect(handoff.lockIn())
        handoff.expire()
        #expect(!handoff.finish(.success(HandledMessage(replies: ["好"], duplicate: false))), "not late")
        guard case .finished(.success(let handled)) = await handoff.wait() else {
            Issue.record("the answer expired although its replies were locked in"); return
        }
        #expect(handled.replies == ["好"])
    }

    @Test("after the deadline the transaction learns that it must queue the replies")
    func expiredHandoffQueues() async {
        let handoff = Handoff()
        handoff.expire()
        #expect(!handoff.lockIn())
        #expect(handoff.finish(.success(HandledMessage(replies: ["好"], duplicate: false))), "late")
    }
}

/// The real store, except that a message waits for the gate before it is handled and no
/// write transaction may follow the message's own: late or overflowing replies written in
/// a second transaction would be lost.
struct OneTransactionStore: ForwardingStore {
    struct SecondWrite: Error {}

    let inner: SQLiteStore
    let gate: Gate

    func handleOnce(key: String, _ body: (any StoreTransaction) throws -> [String]) throws -> HandledMessage {
        gate.wait()
        gate.open()
        return try inner.handleOnce(key: key, body)
    }

    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { throw SecondWrite() }
}
