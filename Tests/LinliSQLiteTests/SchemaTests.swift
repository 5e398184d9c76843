import Foundation
import GRDB
import LinliCore
@testable import LinliSQLite
import Testing

@Suite("SQLite schema, configuration and URLs")
struct SchemaTests {
    @Test func migrationsFromEmptyCreateEveryTableAndIndex() throws {
        let schema = try memoryStore().schema()
        #expect(schema.tables.isSuperset(of: ["inbox", "conversation", "request", "event", "outbox", "sequence", "request_follower",
                                               "console_sign_in_token", "console_session", "console_password", "task", "task_claim", "notice_consent",
                                               "member", "unit", "offer", "service_match", "media", "media_job", "media_quota"]))
        #expect(schema.indexes.isSuperset(of: ["request_on_status", "request_on_resident", "request_on_grid", "outbox_on_state",
                                                "inbox_on_handled_at", "outbox_on_created_at", "request_on_alert_at",
                                                "request_on_opened_at", "request_on_grid_opened_at", "request_on_claimer",
                                                "request_on_phone_tail", "request_on_deadline_digest", "request_on_status_grid",
                                                "event_on_kind_at", "member_on_unit", "offer_on_owner", "offer_on_community_type",
                                                "media_job_on_state", "media_job_on_attachment", "media_job_on_media"]))
        #expect(schema.migrations == ["v1-initial", "v2-request-followers", "v3-outbox-origin", "v4-followers-out-of-body", "v5-retention",
                                     "v6-request-alert-at", "console-auth", "console-indexes", "tasks", "notice-consents", "outbox-notice",
                                     "report-columns", "members", "lists", "media"])
    }

    @Test func migratingTwiceChangesNothing() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("twice.sqlite")
        _ = try SQLiteStore(path: path)
        let reopened = try SQLiteStore(path: path)
        #expect(try reopened.schema().migrations == ["v1-initial", "v2-request-followers", "v3-outbox-origin", "v4-followers-out-of-body", "v5-retention",
                                     "v6-request-alert-at", "console-auth", "console-indexes", "tasks", "notice-consents", "outbox-notice",
                                     "report-columns", "members", "lists", "media"])
    }

    /// A store opened on a file migrated up to `last`, with request #1 of `intent` (assigned)
    /// and then `more` written there, as a database an older linli left.
    private func store(upTo last: String, in directory: TemporaryDirectory, intent: String = "repair",
                       _ more: (Database) throws -> Void = { _ in }) throws -> SQLiteStore {
        let path = directory.path("\(last).sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteStore.migrator.migrate(queue, upTo: last)
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO request (number, intent, status, resident, opened_at, body) VALUES (1, ?, 'assigned', 'wechat:alice', 0, ?)
                    """, arguments: [intent, try StoredJSON.encode(sampleRequest(1, intent: intent, status: .assigned))])
                try more(db)
            }
        }
        return try SQLiteStore(path: path)
    }

    @Test func theListsMigrationKeepsWhatWasThere() throws {
        let directory = try TemporaryDirectory()
        let offer = Offer(id: "R2-1", ownerKind: .unit, ownerID: "unit-2", serviceType: "理发", text: "理发", community: "凤鸣小区")
        let store = try store(upTo: "members", in: directory, intent: "micro_wish") { db in
            try db.execute(sql: """
                INSERT INTO offer (id, owner_kind, owner_id, service_type, text, capacity, times, community)
                VALUES ('R2-1', 'unit', 'unit-2', '理发', '理发', NULL, '', '凤鸣小区')
                """)
        }
        #expect(try store.read { try $0.request(number: 1) }?.intent == "micro_wish")
        #expect(try store.read { try ($0.offers(), $0.serviceMatches()) } == ([offer], []))
    }

    @Test func theMembersMigrationKeepsWhatWasThere() throws {
        let directory = try TemporaryDirectory()
        let store = try store(upTo: "tasks", in: directory)
        #expect(try store.read { try $0.request(number: 1) }?.status == .assigned)
        #expect(try store.read { try ($0.members(), $0.units(), $0.offers(), $0.memberRollVersion()) } == ([], [], [], 0))
    }

    @Test func requestsInHandBeforeV6AreDueAtOnceAndClosedOnesNever() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("v5.sqlite")
        do {
            // A database as v5 left it: no alert_at column (a body leaves out what is nil).
            let queue = try DatabaseQueue(path: path)
            try SQLiteStore.migrator.migrate(queue, upTo: "v5-retention")
            try queue.write { db in
                let statuses: [(Int, ServiceRequest.Status)] = [(1, .assigned), (2, .cancelled), (3, .resolved), (4, .rated)]
                for (number, status) in statuses {
                    try db.execute(sql: """
                        INSERT INTO request (number, intent, status, resident, opened_at, body)
                        VALUES (?, 'repair', ?, 'wechat:alice', 0, ?)
                        """, arguments: [number, status.rawValue, try StoredJSON.encode(sampleRequest(number, status: status))])
                }
            }
        }
        let migrated = Date()
        let store = try SQLiteStore(path: path)
        let old = try #require(try store.read { try $0.request(number: 1) })
        #expect(old.alertAt == nil && old.alertProgress == nil && !old.onStreetList)
        // Still in hand (assigned; resolved, waiting for its rating): due from the migration on.
        #expect(try store.write { try $0.requestsDue(at: migrated.addingTimeInterval(-60), limit: 10) }.isEmpty)
        #expect(try store.write { try $0.requestsDue(at: migrated.addingTimeInterval(60), limit: 10) }.map(\.number) == [1, 3])
        var saved = old
        saved.alertAt = Date(timeIntervalSince1970: 60)
        try store.write { try $0.save(saved) }
        #expect(try store.write { try $0.requestsDue(at: Date(timeIntervalSince1970: 60), limit: 10) }.map(\.number) == [1])
    }

    @Test func reportColumnsAreFilledFromBodiesAndDueTimesLeftForTheEngine() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("tasks.sqlite")
        do {
            // A database as `tasks` left it: what the report counts is only in the bodies.
            let queue = try DatabaseQueue(path: path)
            try SQLiteStore.migrator.migrate(queue, upTo: "tasks")
            var reopened = sampleRequest(1, status: .reopened)
            reopened.reopenedAt = t0.addingTimeInterval(3_600)
            reopened.extensions = [
                DeadlineExtension(stage: .resolve, limit: TimeLimit(amount: 1, unit: .days), reason: "a", requestedBy: "wechat:w",
                                  requestedAt: t0, approvedBy: "wechat:a", approvedAt: t0),
                DeadlineExtension(stage: .resolve, limit: TimeLimit(amount: 1, unit: .days), reason: "b", requestedBy: "wechat:w",
                                  requestedAt: t0),
            ]
            var resolved = sampleRequest(2, status: .resolved)
            resolved.resolvedAt = t0.addingTimeInterval(600)
            resolved.serviceMinutes = 45
            try queue.write { db in
                for request in [reopened, resolved] { try RequestRecord(request).insert(db) }
            }
        }
        let store = try SQLiteStore(path: path)
        let (figures, stale) = try store.read { tx in
            (try tx.reportAggregates(ReportScope(), now: t0), try tx.requestsWithStaleReportFacts(digest: "any", limit: 10))
        }
        let total = try #require(figures.groups.first { $0.grouping == .all })
        #expect(total.extensions == 1 && total.reopened == 1 && total.serviceMinutes == 45)
        #expect(stale.map(\.number).sorted() == [1, 2])
    }

    @Test func followersOfRequestsSavedBeforeV2AreFoundAfterIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("v1.sqlite")
        do {
            // A database as v1 left it: followers only inside the request's JSON body.
            let queue = try DatabaseQueue(path: path)
            try SQLiteStore.migrator.migrate(queue, upTo: "v1-initial")
            var request = sampleRequest(1)
            request.followers = ["wechat:follower"]
            try queue.write { db in try RequestRecord(request).insert(db) }
        }
        let store = try SQLiteStore(path: path)
        let found = try store.read { try $0.requests(RequestQuery(resident: "wechat:follower")) }
        #expect(found.map(\.number) == [1])
    }

    @Test func v4MovesFollowersOutOfBodiesInTheirOrder() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("v3.sqlite")
        do {
            // A database as v3 left it: followers in the body, and a stale row in the table
            // for one who left the body.
            let queue = try DatabaseQueue(path: path)
            try SQLiteStore.migrator.migrate(queue, upTo: "v3-outbox-origin")
            let request = sampleRequest(1, followers: ["wechat:zed", "wechat:amy"])
            try queue.write { db in
                try RequestRecord(request).insert(db)
                try db.execute(sql: "INSERT INTO request_follower (request, user_id) VALUES (1, 'wechat:gone')")
            }
        }
        let store = try SQLiteStore(path: path)
        #expect(try store.read { try $0.request(number: 1) }?.followers == ["wechat:zed", "wechat:amy"])
        #expect(try store.read { try $0.requests(RequestQuery(resident: "wechat:gone")) }.isEmpty)
        let queue = try DatabaseQueue(path: path)
        let body = try queue.read { db in try String.fetchOne(db, sql: "SELECT json_extract(body, '$.followers') FROM request") }
        #expect(body == "[]")
    }

    @Test func linkingAFollowerLeavesTheBodyAlone() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("link.sqlite")
        let store = try SQLiteStore(path: path)
        try store.write { try $0.save(sampleRequest(1, followers: ["wechat:bob"])) }
        let queue = try DatabaseQueue(path: path)
        let body = { try queue.read { db in try String.fetchOne(db, sql: "SELECT body FROM request") } }
        let before = try body()
        try store.write { tx in try tx.save(try #require(try tx.request(number: 1)), addingFollower: "wechat:carol") }
        #expect(try body() == before)
        #expect(try store.read { try $0.request(number: 1) }?.followers == ["wechat:bob", "wechat:carol"])
    }

    @Test func fileStoreIsDurable() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path("durable.sqlite"))
        #expect(try store.pragma("journal_mode") == "wal")
        #expect(try store.pragma("synchronous") == "2")  // FULL
        #expect(try store.pragma("foreign_keys") == "1")
        #expect(try store.pragma("busy_timeout") == "5000")
    }

    @Test func memoryStoreEnforcesForeignKeys() throws {
        let store = try memoryStore()
        #expect(try store.pragma("foreign_keys") == "1")
    }

    @Test func fileURLCreatesTheFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("from-url.sqlite")
        let store = try SQLiteStore(url: "sqlite:\(path)")
        try store.ping()
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func memoryURLsArePrivate() throws {
        let first = try SQLiteStore(url: "sqlite::memory:")
        let second = try SQLiteStore(url: "sqlite::memory:")
        try first.write { try $0.save(sampleRequest(1)) }
        #expect(try second.read { try $0.request(number: 1) } == nil)
        #expect(try first.read { try $0.request(number: 1) } != nil)
    }

    @Test(arguments: ["postgres://linli:secret@localhost:5432/linli", "", "sqlite:", "sqlite", "mysql:linli.db"])
    func badURLIsRefusedByName(url: String) throws {
        let error = try #require(throws: CoreError.self) { try SQLiteStore(url: url) }
        #expect(error.code == .storeFailure)
        #expect(error.message.contains("database URL \(Redaction.databaseURL(url)) "))
        #expect(!error.message.contains("secret"))
    }

    @Test func unopenablePathIsNamed() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("missing-folder/linli.sqlite")
        let error = try #require(throws: CoreError.self) { try SQLiteStore(path: path) }
        #expect(error.code == .storeFailure)
        #expect(error.message.contains(path))
    }

    @Test func pingAnswers() throws {
        try memoryStore().ping()
    }

    @Test func readTransactionsCannotWrite() throws {
        let store = try memoryStore()
        let error = try #require(throws: CoreError.self) {
            try store.read { try $0.save(sampleRequest(1)) }
        }
        #expect(error.code == .storeFailure)
        #expect(error.message.contains("#1"))
        #expect(try store.counts().requests == 0)
    }
}
