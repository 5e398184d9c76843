import Foundation
import GRDB
import LinliCore

extension SQLiteStore {
    /// Rows per table, for tests and diagnostics that must see what a rollback left.
    func counts() throws -> (inbox: Int, conversations: Int, requests: Int, events: Int, outbox: Int) {
        try withStoreErrors("counting rows") {
            try queue.read { db in
                (try InboxRecord.fetchCount(db), try ConversationRecord.fetchCount(db),
                 try RequestRecord.fetchCount(db), try EventRecord.fetchCount(db), try OutboxRecord.fetchCount(db))
            }
        }
    }

    /// The value of `PRAGMA name` on the store's connection, as text.
    func pragma(_ name: String) throws -> String? {
        try withStoreErrors("reading PRAGMA \(name)") {
            try queue.read { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
        }
    }

    /// The names of the tables, indexes, and migrations applied, to check the schema.
    func schema() throws -> (tables: Set<String>, indexes: Set<String>, migrations: [String]) {
        try withStoreErrors("reading the schema") {
            try queue.read { db in
                let tables = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                let indexes = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'")
                return (tables, indexes, try Self.migrator.appliedMigrations(db))
            }
        }
    }

    /// The stored body of request `number`, as text, to check what a write rewrote.
    func requestBody(_ number: Int) throws -> String? {
        try withStoreErrors("reading the body of request #\(number)") {
            try queue.read { db in try String.fetchOne(db, sql: "SELECT body FROM request WHERE number = ?", arguments: [number]) }
        }
    }

    /// Outbox row `id` whatever its state, with its delivery time, which `OutboxEntry` lacks.
    func outboxRow(_ id: Int64) throws -> (entry: OutboxEntry, deliveredAt: Date?)? {
        try withStoreErrors("reading outbox row \(id)") {
            try queue.read { db in
                try OutboxRecord.fetchOne(db, key: id).map { record in
                    (try record.entry(), record.deliveredAt.map(Date.init(millisecondsSince1970:)))
                }
            }
        }
    }
}

extension SQLiteStore {
    /// SQLite's plan for the deadline timer's query (`requestsDue`), one line per step of
    /// `EXPLAIN QUERY PLAN`, so that a benchmark can show it uses the `alert_at` index.
    public func requestsDueQueryPlan() throws -> [String] {
        try withStoreErrors("explaining the requests-due query") {
            try queue.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteTransaction.dueSQL, arguments: [0, 1])
                    .map { $0["detail"] as String }
            }
        }
    }
}
