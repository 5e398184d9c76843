import Foundation
import GRDB
import LinliCore
@testable import LinliSQLite
import Testing

/// Migration v3: outbox rows remember the staff member whose action they carry, and a
/// permanent failure queues the notice to that person in the same transaction.
@Suite("SQLite outbox origin")
struct OutboxOriginTests {
    @Test func originIsKeptFromEnqueueToPendingRows() throws {
        let store = try memoryStore()
        try store.write { tx in
            try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "【工单 #1】王：马上到", origin: "wechat:worker"), at: t0)
            try tx.enqueue(OutboundMessage(recipient: "wechat:worker", text: "【新工单 #2】"), at: t0)
        }
        let rows = try store.claimOutbox(limit: 10)
        #expect(rows.map(\.message.origin) == ["wechat:worker", nil])
    }

    @Test func aFailureAndItsNoticeAreRecordedTogether() throws {
        let store = try memoryStore()
        try store.write { tx in
            try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "回复", origin: "wechat:worker"), at: t0)
        }
        let notice = OutboundMessage(recipient: "wechat:worker", text: "未送达")
        try store.recordFailure(id: 1, error: "errcode 45015", notice: notice, at: at(5))

        let failed = try #require(try store.outboxRow(1)).entry
        #expect(failed.state == .failed)
        #expect(failed.attempts == 1)
        #expect(failed.lastError == "errcode 45015")
        let pending = try store.claimOutbox(limit: 10)
        #expect(pending.map(\.message) == [notice])
        #expect(pending.map(\.createdAt) == [at(5)])
    }

    @Test func aFailureOfAnUnknownRowQueuesNoNotice() throws {
        let store = try memoryStore()
        let error = try #require(throws: CoreError.self) {
            try store.recordFailure(id: 42, error: "errcode 45015", notice: OutboundMessage(recipient: "wechat:w", text: "x"), at: t0)
        }
        #expect(error.code == .storeFailure)
        #expect(try store.counts().outbox == 0)
    }

    @Test func rowsWrittenBeforeV3SurviveWithoutOrigin() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("v2.sqlite")
        do {
            // A database as v2 left it: an outbox without the origin column.
            let queue = try DatabaseQueue(path: path)
            try SQLiteStore.migrator.migrate(queue, upTo: "v2-request-followers")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO outbox (recipient, text, created_at, state, attempts) VALUES
                        ('wechat:alice', '已受理', ?, 'pending', 0),
                        ('wechat:bob', '已办结', ?, 'delivered', 1)
                    """, arguments: [t0.millisecondsSince1970, t0.millisecondsSince1970])
            }
        }
        let store = try SQLiteStore(path: path)
        #expect(try store.schema().migrations.contains("v3-outbox-origin"))
        let pending = try store.claimOutbox(limit: 10)
        #expect(pending.map(\.message) == [OutboundMessage(recipient: "wechat:alice", text: "已受理")])
        #expect(try store.outboxRow(2)?.entry.state == .delivered)
        #expect(try store.outboxRow(2)?.entry.message.origin == nil)
    }
}
