import Foundation
import LinliCore
import Testing

@Suite("Outbox")
struct OutboxTests {
    private func storeWithOutbox(_ database: TestDatabase) throws -> any TestableStore {
        let store = try database.open()
        try store.write { tx in
            try tx.enqueue(OutboundMessage(recipient: "wecom:worker", text: "新工单 #1"), at: at(0))
            try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "您的工单 #1 已派单"), at: at(0))
        }
        _ = try store.handleOnce(key: "wecom:9") { tx in
            try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "网格员已接单"), at: at(30.5))
            return ["已接单"]
        }
        return store
    }

    @Test(arguments: Backend.all)
    func pendingRowsComeInTheOrderTheyWereWritten(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try storeWithOutbox(database)
            let pending = try store.claimOutbox(limit: 10)
            #expect(pending.map(\.message.text) == ["新工单 #1", "您的工单 #1 已派单", "网格员已接单"])
            #expect(pending.map(\.id) == pending.map(\.id).sorted())
            #expect(pending.allSatisfy { $0.state == .pending && $0.attempts == 0 && $0.lastError == nil })
            #expect(pending[2].createdAt == at(30.5))
            #expect(pending[2].message == OutboundMessage(recipient: "wechat:alice", text: "网格员已接单"))
            #expect(try store.claimOutbox(limit: 2).map(\.id) == Array(pending.map(\.id).prefix(2)))
            #expect(try store.claimOutbox(limit: 0).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func aRowKeepsTheNoticeItCarries(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            let notice = RequestNotice(kind: .resolved, number: 7, values: ["intent_name": "设施报修", "note": "换了灯泡", "time": "12-06 15:01"])
            try store.write { tx in
                try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "您的工单 #7 已办结", origin: "wecom:worker", notice: notice), at: at(1))
                try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "谢谢"), at: at(2))
            }
            let rows = try store.claimOutbox(limit: 10)
            #expect(rows.map(\.message.notice) == [notice, nil])
            #expect(try store.outboxRow(rows[0].id)?.entry.message.notice == notice)
        }
    }

    @Test(arguments: Backend.all)
    func deliveredAndFailedRowsLeaveThePendingList(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try storeWithOutbox(database)
            let pending = try store.claimOutbox(limit: 10)
            try store.recordDelivery(id: pending[0].id, state: .delivered, error: nil)
            try store.recordDelivery(id: pending[1].id, state: .pending, error: "errcode 45047: out of response count limit")
            #expect(try store.claimOutbox(limit: 10).map(\.id) == [pending[1].id, pending[2].id])

            let retried = try #require(try store.claimOutbox(limit: 10).first)
            #expect(retried.attempts == 1)
            #expect(retried.lastError == "errcode 45047: out of response count limit")

            try store.recordDelivery(id: pending[1].id, state: .failed, error: "errcode 43004: user unsubscribed")
            try store.recordDelivery(id: pending[2].id, state: .delivered, error: nil)
            #expect(try store.claimOutbox(limit: 10).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func everyAttemptIsCountedAndTheLastErrorKept(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try storeWithOutbox(database)
            let id = try #require(try store.claimOutbox(limit: 1).first?.id)
            try store.recordDelivery(id: id, state: .pending, error: "timeout")
            try store.recordDelivery(id: id, state: .pending, error: "HTTP 502")
            try store.recordDelivery(id: id, state: .delivered, error: nil)
            let row = try #require(try store.outboxRow(id))
            #expect(row.entry.state == .delivered)
            #expect(row.entry.attempts == 3)
            #expect(row.entry.lastError == "HTTP 502")
            #expect(row.deliveredAt != nil)
        }
    }

    @Test(arguments: Backend.all)
    func undeliveredRowsHaveNoDeliveryTime(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try storeWithOutbox(database)
            let id = try #require(try store.claimOutbox(limit: 1).first?.id)
            try store.recordDelivery(id: id, state: .failed, error: "gave up")
            let row = try #require(try store.outboxRow(id))
            #expect(row.entry.state == .failed)
            #expect(row.deliveredAt == nil)
        }
    }

    @Test(arguments: Backend.all)
    func recordingAnUnknownRowNamesIt(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try storeWithOutbox(database)
            let error = try #require(throws: CoreError.self) {
                try store.recordDelivery(id: 9_999, state: .delivered, error: nil)
            }
            #expect(error.code == .storeFailure)
            #expect(error.message.contains("9999"))
        }
    }

    @Test(arguments: Backend.all)
    func theOriginTravelsWithTheRowAndAFailureQueuesItsNotice(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            let reply = OutboundMessage(recipient: "wechat:alice", text: "【工单 #1】马上到", origin: "wecom:worker")
            try store.write { try $0.enqueue(reply, at: t0) }
            let row = try #require(try store.claimOutbox(limit: 10).first)
            #expect(row.message == reply)

            let notice = OutboundMessage(recipient: "wecom:worker", text: "未送达")
            try store.recordFailure(id: row.id, error: "errcode 45015", notice: notice, at: at(5))
            #expect(try store.outboxRow(row.id)?.entry.state == .failed)
            #expect(try store.claimOutbox(limit: 10).map(\.message) == [notice])
            #expect(try store.claimOutbox(limit: 10).first?.createdAt == at(5))
        }
    }
}
