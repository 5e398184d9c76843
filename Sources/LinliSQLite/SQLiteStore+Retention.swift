import Foundation
import GRDB
import LinliCore

extension SQLiteStore {
    /// Rows one pruning transaction deletes at most: small enough that messages waiting
    /// for the writer wait milliseconds, not the whole backlog.
    static let pruneBatch = 1000

    /// Deletes dedupe rows handled before `inboxBefore` and delivered or failed outbox rows
    /// written before `outboxBefore`, `pruneBatch` rows per write transaction, so that the
    /// group commit gets the writer between batches.
    public func prune(inboxBefore: Date, outboxBefore: Date) throws -> PruneCounts {
        let inbox = try deleteInBatches(
            "pruning inbox rows handled before \(inboxBefore)",
            sql: "DELETE FROM inbox WHERE rowid IN (SELECT rowid FROM inbox WHERE handled_at < ? LIMIT ?)",
            arguments: [inboxBefore.millisecondsSince1970])
        let outbox = try deleteInBatches(
            "pruning outbox rows written before \(outboxBefore)",
            sql: "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE created_at < ? AND state IN (?, ?) LIMIT ?)",
            arguments: [outboxBefore.millisecondsSince1970, OutboxEntry.State.delivered.rawValue,
                        OutboxEntry.State.failed.rawValue])
        return PruneCounts(inbox: inbox, outbox: outbox)
    }

    /// Runs `sql`, whose last argument is the batch size, in one write transaction after
    /// another until a batch deletes fewer rows than that; returns how many it deleted.
    private func deleteInBatches(_ context: @autoclosure () -> String, sql: String,
                                 arguments: StatementArguments) throws -> Int {
        var deleted = 0
        while true {
            let batch = try withStoreErrors(context()) {
                try queue.write { db in
                    try db.execute(sql: sql, arguments: arguments + [Self.pruneBatch])
                    return db.changesCount
                }
            }
            deleted += batch
            if batch < Self.pruneBatch { return deleted }
        }
    }

    /// Erases `user` in one write transaction: their part in requests (through
    /// `eraseFromRequests`), their acts in those requests' histories (actor replaced, notes
    /// of their own words cleared), their conversation, dedupe rows, outbox rows and 订阅通知
    /// consents.
    public func erase(user: String, at date: Date) throws {
        try withStoreErrors("erasing user \(user)") {
            try queue.write { db in
                let numbers = try SQLiteTransaction(db: db).eraseFromRequests(of: user, at: date)
                let personal = RequestEvent.kindsWithPersonalNotes.map(\.rawValue)
                let kinds = Array(repeating: "?", count: personal.count).joined(separator: ", ")
                for number in numbers {
                    try db.execute(
                        sql: """
                            UPDATE event SET actor = ?, note = CASE WHEN kind IN (\(kinds)) THEN NULL ELSE note END
                            WHERE request = ? AND actor = ?
                            """,
                        arguments: StatementArguments([ServiceRequest.erasedResident] + personal) + [number, user])
                }
                try db.execute(sql: "DELETE FROM conversation WHERE user_id = ?", arguments: [user])
                // A range over the key's index rather than LIKE, which would need the id's
                // % and _ escaped and cannot use it: keys compare bytewise, and every key
                // starting with the prefix (which ends in "|") sorts below the prefix ending
                // in the next byte, "}".
                let prefix = UserID.dedupeKeyPrefix(of: user)
                try db.execute(sql: "DELETE FROM inbox WHERE key >= ? AND key < ?",
                               arguments: [prefix, String(prefix.dropLast()) + "}"])
                try db.execute(sql: "DELETE FROM outbox WHERE recipient = ?", arguments: [user])
                try db.execute(sql: "DELETE FROM notice_consent WHERE user_id = ?", arguments: [user])
                // Their photos and recordings go with their words, not at the next retention pass.
                try db.execute(sql: "DELETE FROM media_job WHERE user_id = ?", arguments: [user])
                _ = try SQLiteTransaction(db: db).deleteUnreferencedMedia()
            }
        }
    }
}
