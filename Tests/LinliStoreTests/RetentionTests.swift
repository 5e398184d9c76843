import Foundation
import LinliCore
@testable import LinliPostgres
@testable import LinliSQLite
import PostgresNIO
import Testing

@Suite("Retention: pruning and erasure")
struct RetentionTests {
    static let day: TimeInterval = 86_400

    /// Runs `sql` (written to mean the same to SQLite and PostgreSQL) on `store`'s
    /// database, for what the `Store` API cannot do: age rows, or write thousands at once.
    private func execute(_ sql: String, on store: any TestableStore) throws {
        switch store {
        case let sqlite as SQLiteStore:
            try sqlite.queue.write { db in try db.execute(sql: sql) }
        case let postgres as PostgresStore:
            try postgres.withSession("test setup: \(sql)") { session in _ = try session.run(PostgresQuery(unsafeSQL: sql)) }
        default:
            Issue.record("no raw SQL for \(type(of: store))")
        }
    }

    /// Makes the dedupe row of `key` look handled at `date`.
    private func age(inbox key: String, to date: Date, on store: any TestableStore) throws {
        try execute("UPDATE inbox SET handled_at = \(date.millisecondsSince1970) WHERE key = '\(key)'", on: store)
    }

    /// Whether `key` is recorded as handled: handling it again finds it a duplicate.
    /// Handling it records it when it was not.
    private func isRecorded(_ key: String, in store: any TestableStore) throws -> Bool {
        try store.handleOnce(key: key) { _ in ["again"] }.duplicate
    }

    @Test(arguments: Backend.all)
    func pruneDeletesOldDedupeRowsAndOldSettledOutboxRowsOnly(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                let now = Date()
                _ = try store.handleOnce(key: "wechat:old") { _ in ["已受理，电话13812345678"] }
                _ = try store.handleOnce(key: "wechat:new") { _ in ["收到"] }
                try age(inbox: "wechat:old", to: now.addingTimeInterval(-8 * Self.day), on: store)

                let old = now.addingTimeInterval(-31 * Self.day)
                try store.write { tx in
                    for (text, date) in [("delivered", old), ("failed", old), ("still pending", old),
                                         ("recently delivered", now.addingTimeInterval(-Self.day)), ("new", now)] {
                        try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: text), at: date)
                    }
                }
                let rows = try store.claimOutbox(limit: 10)
                try #require(rows.count == 5)
                try store.recordDelivery(id: rows[0].id, state: .delivered, error: nil)
                try store.recordDelivery(id: rows[1].id, state: .failed, error: "errcode 43004: user unsubscribed")
                try store.recordDelivery(id: rows[3].id, state: .delivered, error: nil)

                let counts = try store.prune(inboxBefore: now.addingTimeInterval(-7 * Self.day),
                                             outboxBefore: now.addingTimeInterval(-30 * Self.day))

                #expect(counts == PruneCounts(inbox: 1, outbox: 2))
                #expect(try store.outboxRow(rows[0].id) == nil)
                #expect(try store.outboxRow(rows[1].id) == nil)
                #expect(try store.outboxRow(rows[3].id)?.entry.state == .delivered)
                // Pending rows stay however old: they are still to be sent.
                #expect(try store.claimOutbox(limit: 10).map(\.message.text) == ["still pending", "new"])
                #expect(try isRecorded("wechat:new", in: store))
                // The accepted cost of the horizon: a retry of a message older than it is
                // handled as a new message.
                #expect(try !isRecorded("wechat:old", in: store))
                #expect(try store.prune(inboxBefore: now.addingTimeInterval(-7 * Self.day),
                                        outboxBefore: now.addingTimeInterval(-30 * Self.day)) == PruneCounts(inbox: 0, outbox: 0))
            }
        }
    }

    @Test(arguments: Backend.all)
    func pruneGoesThroughAMoreThanOneBatchBacklog(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                #expect(SQLiteStore.pruneBatch == 1000 && PostgresStore.pruneBatch == 1000)
                _ = try store.handleOnce(key: "wechat:kept") { _ in [] }
                try execute("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2345)
                    INSERT INTO inbox (key, replies, handled_at) SELECT 'wechat:bulk-' || i, '[]', 1000 FROM n
                    """, on: store)
                try execute("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
                    INSERT INTO outbox (recipient, text, created_at, state) SELECT 'wechat:bulk', 'sent', 1000, 'delivered' FROM n
                    """, on: store)

                let counts = try store.prune(inboxBefore: Date(timeIntervalSince1970: 2), outboxBefore: Date(timeIntervalSince1970: 2))

                #expect(counts == PruneCounts(inbox: 2345, outbox: 1000))
                #expect(try store.counts().inbox == 1)
                #expect(try store.counts().outbox == 0)
            }
        }
    }

    /// Alice's and her neighbours' data: requests she opened (#1) and follows (#2), one
    /// she has no part in (#3), their histories, conversations, dedupe rows and outbox rows.
    private func storeWithAlice(_ store: any TestableStore) throws {
        let alice = "wechat:alice"
        var opened = sampleRequest(1, status: .claimed, resident: alice, followers: ["wechat:bob"])
        opened.text = "4号楼2单元楼道灯坏了，我家502，电话13812345678，找王阿姨"
        opened.slots = ["community": "幸福里", "building": "4", "unit": "2", "room": "502", "phone": "13812345678",
                        "person": "王阿姨", "location": "楼道"]
        opened.claimer = "wecom:worker"
        try store.write { tx in
            try tx.save(opened)
            try tx.save(sampleRequest(2, resident: "wechat:bob", followers: [alice, "wechat:carol"]))
            try tx.save(sampleRequest(3, resident: "wechat:bob"))
            try tx.append(RequestEvent(request: 1, kind: .opened, actor: alice, at: at(0)))
            try tx.append(RequestEvent(request: 1, kind: .attached, actor: alice, at: at(1), note: "https://example.com/alice.jpg"))
            try tx.append(RequestEvent(request: 1, kind: .claimed, actor: "wecom:worker", at: at(2)))
            try tx.append(RequestEvent(request: 2, kind: .opened, actor: "wechat:bob", at: at(3)))
            try tx.append(RequestEvent(request: 2, kind: .linked, actor: alice, at: at(4), note: "我家也停水了 13812345678"))
            try tx.append(RequestEvent(request: 2, kind: .rated, actor: "wechat:bob", at: at(5), note: "5"))
            for user in [alice, "wechat:bob"] {
                try tx.save(Conversation(userID: user, updatedAt: at(6)))
            }
            for recipient in [alice, alice, "wechat:bob", "wecom:worker"] {
                try tx.enqueue(OutboundMessage(recipient: recipient, text: "工单 #1 已接单"), at: at(7))
            }
        }
        // Users whose ids start like Alice's, or whose keys would, without the length prefix.
        for (user, message) in [(alice, "m1"), (alice, "m2"), ("wechat:bob", "m1"), ("wechat:alicf", "m1"),
                                ("wechat:alice|m1", "x"), ("wechat:alice2", "m1")] {
            _ = try store.handleOnce(key: (UserID.dedupeKeyPrefix(of: user) + message)) { _ in ["收到"] }
        }
        let delivered = try #require(try store.claimOutbox(limit: 10).first)
        try store.recordDelivery(id: delivered.id, state: .delivered, error: nil)
    }

    @Test(arguments: Backend.all)
    func eraseRemovesTheUserAndLeavesOthersAndTheCounts(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                let alice = "wechat:alice"
                try storeWithAlice(store)
                let before = try store.read { tx in try (1...3).map { try #require(try tx.request(number: $0)) } }
                let rowsBefore = try store.counts()
                let outboxBefore = try (1...4).map { try #require(try store.outboxRow(Int64($0))).entry }
                try store.write { tx in
                    try tx.grantNoticeConsent(user: alice, templateID: "TPL", at: at(6))
                    try tx.grantNoticeConsent(user: "wechat:bob", templateID: "TPL", at: at(6))
                }

                try store.erase(user: alice, at: at(100))

                // Her 订阅通知 consents go with her; Bob's stay.
                #expect(try store.read { try $0.noticeConsents(of: alice) }.isEmpty)
                #expect(try store.read { try $0.noticeConsents(of: "wechat:bob") }.count == 1)

                // Her conversation, dedupe rows and outbox rows are gone; nobody else's.
                #expect(try store.read { try $0.conversation(for: alice) } == nil)
                #expect(try store.read { try $0.conversation(for: "wechat:bob") } != nil)
                #expect(try store.counts().inbox == rowsBefore.inbox - 2)
                for (user, message) in [("wechat:bob", "m1"), ("wechat:alicf", "m1"), ("wechat:alice|m1", "x"), ("wechat:alice2", "m1")] {
                    #expect(try isRecorded((UserID.dedupeKeyPrefix(of: user) + message), in: store))
                }
                #expect(try store.outboxRow(1) == nil)
                #expect(try store.outboxRow(2) == nil)
                #expect(try store.outboxRow(3)?.entry == outboxBefore[2])
                #expect(try store.outboxRow(4)?.entry == outboxBefore[3])

                // The request she opened stays, with its number, status, place and staff.
                let opened = try #require(try store.read { try $0.request(number: 1) })
                var expected = before[0]
                expected.resident = ServiceRequest.erasedResident
                expected.text = ""
                expected.attachments = []
                expected.slots = ["community": "幸福里", "building": "4", "unit": "2", "location": "楼道"]
                #expect(opened == expected)
                let body = try #require(try store.requestBody(1))
                #expect(!body.contains("13812345678") && !body.contains("502") && !body.contains("alice"))
                // She no longer follows #2; #3 is untouched.
                var followed = before[1]
                followed.followers = ["wechat:carol"]
                #expect(try store.read { try $0.request(number: 2) } == followed)
                #expect(try store.read { try $0.request(number: 3) } == before[2])
                #expect(try store.read { try $0.requests(RequestQuery(resident: alice)) }.isEmpty)

                // Her acts stay in the histories, by nobody, without her words.
                let erased = ServiceRequest.erasedResident
                #expect(try store.read { try $0.events(request: 1) } == [
                    RequestEvent(request: 1, kind: .opened, actor: erased, at: at(0)),
                    RequestEvent(request: 1, kind: .attached, actor: erased, at: at(1)),
                    RequestEvent(request: 1, kind: .claimed, actor: "wecom:worker", at: at(2)),
                    RequestEvent(request: 1, kind: .erased, actor: "system", at: at(100), note: "resident"),
                ])
                #expect(try store.read { try $0.events(request: 2) } == [
                    RequestEvent(request: 2, kind: .opened, actor: "wechat:bob", at: at(3)),
                    RequestEvent(request: 2, kind: .linked, actor: erased, at: at(4)),
                    RequestEvent(request: 2, kind: .rated, actor: "wechat:bob", at: at(5), note: "5"),
                    RequestEvent(request: 2, kind: .erased, actor: "system", at: at(100), note: "follower"),
                ])

                // Reports count the same requests in the same states.
                #expect(try store.counts().requests == rowsBefore.requests)
                #expect(try store.read { try $0.requests(RequestQuery()) }.map(\.status) == before.map(\.status))
            }
        }
    }

    @Test(arguments: Backend.all)
    func erasingAUserWithNothingStoredChangesNothing(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                try storeWithAlice(store)
                let rowsBefore = try store.counts()
                try store.erase(user: "wechat:nobody", at: at(100))
                let rowsAfter = try store.counts()
                #expect(rowsAfter.inbox == rowsBefore.inbox && rowsAfter.outbox == rowsBefore.outbox)
                #expect(rowsAfter.events == rowsBefore.events && rowsAfter.conversations == rowsBefore.conversations)
            }
        }
    }

    @Test func noOtherUsersDedupeKeyStartsWithAUsersPrefix() throws {
        for user in ["wechat:alice", "wechat:alice|m1", "wechat:张三"] {
            let prefix = UserID.dedupeKeyPrefix(of: user)
            for other in ["wechat:alic", "wechat:alice", "wechat:alice|m1", "wechat:alicf"] where other != user {
                #expect(!(try UserID(other).dedupeKey(messageID: "e|m1")).hasPrefix(prefix))
            }
        }
    }
}
