import Foundation
import LinliCore
import PostgresNIO

extension PostgresStore {
    /// Rows per table, for tests and diagnostics that must see what a rollback left.
    func counts() throws -> (inbox: Int, conversations: Int, requests: Int, events: Int, outbox: Int) {
        try withSession("counting rows") { session in
            let row = try session.run("""
                SELECT (SELECT count(*) FROM inbox), (SELECT count(*) FROM conversation), (SELECT count(*) FROM request),
                       (SELECT count(*) FROM event), (SELECT count(*) FROM outbox)
                """).rows.first
            guard let (inbox, conversations, requests, events, outbox) = try row?.decode((Int, Int, Int, Int, Int).self) else {
                throw CoreError(.storeFailure, "counting rows: no answer")
            }
            return (inbox, conversations, requests, events, outbox)
        }
    }

    /// The stored body of request `number`, as text, to check what a write rewrote.
    func requestBody(_ number: Int) throws -> String? {
        try withSession("reading the body of request #\(number)") { session in
            try session.run("SELECT body FROM request WHERE number = \(number)").rows.first?.decode(String.self)
        }
    }

    /// Outbox row `id` whatever its state, with its delivery time, which `OutboxEntry` lacks.
    func outboxRow(_ id: Int64) throws -> (entry: OutboxEntry, deliveredAt: Date?)? {
        try withSession("reading outbox row \(id)") { session in
            try session.run("""
                SELECT id, recipient, text, origin, created_at, state, attempts, last_error, notice, delivered_at
                FROM outbox WHERE id = \(id)
                """).rows.first.map { row in
                    let deliveredAt = try row.decode((Int64, String, String, String?, Int64, String, Int, String?, String?, Int64?).self).9
                    return (try Self.outboxEntry(row), deliveredAt.map(Date.init(millisecondsSince1970:)))
                }
        }
    }

    /// Who holds the lease of outbox row `id`, and until when (Unix milliseconds).
    func outboxLease(_ id: Int64) throws -> (owner: String?, until: Int64?) {
        try withSession("reading the lease of outbox row \(id)") { session in
            guard let row = try session.run("SELECT lease_owner, lease_until FROM outbox WHERE id = \(id)").rows.first else {
                throw CoreError(.storeFailure, "reading the lease of outbox row \(id): no such row")
            }
            return try row.decode((String?, Int64?).self)
        }
    }
}
