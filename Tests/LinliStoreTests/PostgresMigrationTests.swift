import Foundation
import LinliCore
@testable import LinliPostgres
import Testing

@Suite("PostgreSQL migrations")
struct PostgresMigrationTests {
    @Test(arguments: Backend.postgresOnly)
    func v2MovesFollowersOutOfBodiesInTheirOrder(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let schema = try #require(database.postgresName)
                // A database as v1 left it: followers in the bodies, and rows in the table
                // in another order, with a stale one for a follower who left the body.
                try PostgresAdmin.withConnection(schema: schema) { connection in
                    let session = Session(connection: connection, logger: PostgresAdmin.logger)
                    try PostgresStore.migrate(session, schema: schema, upTo: "v1-initial")
                    for request in [sampleRequest(1, followers: ["wechat:zed", "wechat:amy", "wechat:kim"]),
                                    sampleRequest(2, followers: ["wechat:amy"]), sampleRequest(3)] {
                        let body = try StoredJSON.encode(request)
                        try session.run("""
                            INSERT INTO request (number, intent, status, resident, opened_at, body)
                            VALUES (\(request.number), \(request.intent), \(request.status.rawValue), \(request.resident),
                                    \(request.openedAt.millisecondsSince1970), \(body))
                            """)
                    }
                    try session.run("""
                        INSERT INTO request_follower (request, user_id)
                        VALUES (1, 'wechat:kim'), (1, 'wechat:gone'), (1, 'wechat:amy'), (1, 'wechat:zed'), (2, 'wechat:amy')
                        """)
                }
                let store = try database.openPostgres()
                #expect(try store.appliedMigrations() == PostgresStore.migrations.map(\.version))
                #expect(try store.read { try $0.request(number: 1) }
                    == sampleRequest(1, followers: ["wechat:zed", "wechat:amy", "wechat:kim"]))
                #expect(try store.read { try $0.request(number: 2) } == sampleRequest(2, followers: ["wechat:amy"]))
                #expect(try store.read { try $0.request(number: 3) } == sampleRequest(3))
                #expect(try store.read { try $0.requests(RequestQuery(resident: "wechat:gone")) }.isEmpty)
                #expect(try store.read { try $0.requests(RequestQuery(resident: "wechat:amy")) }.map(\.number) == [1, 2])
                let body = try #require(try store.requestBody(1))
                #expect(try StoredJSON.decode(ServiceRequest.self, from: body) == sampleRequest(1))
                // A follower linked afterwards joins last.
                try store.write { tx in try tx.save(try #require(try tx.request(number: 1)), addingFollower: "wechat:new") }
                #expect(try store.read { try $0.request(number: 1) }?.followers
                    == ["wechat:zed", "wechat:amy", "wechat:kim", "wechat:new"])
            }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func reportColumnsAreFilledFromBodies(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let schema = try #require(database.postgresName)
                // A database as `tasks` left it: what the report counts is only in the bodies.
                var reopened = sampleRequest(1, status: .reopened)
                reopened.reopenedAt = t0.addingTimeInterval(3_600)
                reopened.extensions = ["wechat:a", nil].map { approver in
                    DeadlineExtension(stage: .resolve, limit: TimeLimit(amount: 1, unit: .days), reason: "parts", requestedBy: "wechat:w",
                                      requestedAt: t0, approvedBy: approver, approvedAt: approver == nil ? nil : t0)
                }
                var resolved = sampleRequest(2, status: .resolved)
                resolved.resolvedAt = t0.addingTimeInterval(600)
                resolved.serviceMinutes = 45
                try PostgresAdmin.withConnection(schema: schema) { connection in
                    let session = Session(connection: connection, logger: PostgresAdmin.logger)
                    try PostgresStore.migrate(session, schema: schema, upTo: "tasks")
                    for request in [reopened, resolved, sampleRequest(3)] {
                        try session.run("""
                            INSERT INTO request (number, intent, status, resident, opened_at, body)
                            VALUES (\(request.number), \(request.intent), \(request.status.rawValue), \(request.resident),
                                    \(request.openedAt.millisecondsSince1970), \(try StoredJSON.encode(request)))
                            """)
                    }
                }
                let store = try database.openPostgres()
                let (figures, stale) = try store.read { tx in
                    (try tx.reportAggregates(ReportScope(), now: t0), try tx.requestsWithStaleReportFacts(digest: "any", limit: 10))
                }
                let total = try #require(figures.groups.first { $0.grouping == .all })
                #expect(total.opened == 3 && total.extensions == 1 && total.reopened == 1 && total.serviceMinutes == 45)
                // The due times are left to the engine, which works them out before the next report.
                #expect(stale.map(\.number).sorted() == [1, 2, 3])
            }
        }
    }

    /// A database as `members` left it keeps its requests and offers through `lists`, which
    /// adds the empty 服务清单.
    @Test(arguments: Backend.postgresOnly)
    func theListsMigrationKeepsWhatWasThere(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let schema = try #require(database.postgresName)
                let request = sampleRequest(1, intent: "micro_wish", status: .assigned)
                try PostgresAdmin.withConnection(schema: schema) { connection in
                    let session = Session(connection: connection, logger: PostgresAdmin.logger)
                    try PostgresStore.migrate(session, schema: schema, upTo: "members")
                    try session.run("""
                        INSERT INTO request (number, intent, status, resident, opened_at, body)
                        VALUES (\(request.number), \(request.intent), \(request.status.rawValue), \(request.resident),
                                \(request.openedAt.millisecondsSince1970), \(try StoredJSON.encode(request)))
                        """)
                    try session.run("""
                        INSERT INTO offer (id, owner_kind, owner_id, service_type, text, capacity, times, community)
                        VALUES ('R2-1', 'unit', 'unit-2', '理发', '理发', NULL, '', '凤鸣小区')
                        """)
                }
                let store = try database.openPostgres()
                defer { store.close() }
                #expect(try store.read { try $0.request(number: 1) }?.intent == "micro_wish")
                #expect(try store.read { try $0.offers() }.map(\.id) == ["R2-1"])
                #expect(try store.write { try $0.insert(MatchLedgerTests.match(1)) })
            }
        }
    }
}
