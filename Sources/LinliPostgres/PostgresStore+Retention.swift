import Foundation
import LinliCore
import PostgresNIO

extension PostgresStore {
    /// Rows one pruning statement deletes at most: each batch is its own short transaction,
    /// so that no server's messages wait on a long one.
    static let pruneBatch = 1000

    /// Deletes dedupe rows handled before `inboxBefore` and delivered or failed outbox rows
    /// written before `outboxBefore`, `pruneBatch` rows per transaction. Rows another
    /// server is pruning at the same moment are skipped rather than waited for.
    public func prune(inboxBefore: Date, outboxBefore: Date) throws -> PruneCounts {
        let handled = inboxBefore.millisecondsSince1970
        let inbox = try deleteInBatches("pruning inbox rows handled before \(inboxBefore)") { limit in
            """
            DELETE FROM inbox WHERE key IN (
                SELECT key FROM inbox WHERE handled_at < \(handled) LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            """
        }
        let created = outboxBefore.millisecondsSince1970
        let settled = [OutboxEntry.State.delivered.rawValue, OutboxEntry.State.failed.rawValue]
        let outbox = try deleteInBatches("pruning outbox rows written before \(outboxBefore)") { limit in
            """
            DELETE FROM outbox WHERE id IN (
                SELECT id FROM outbox WHERE created_at < \(created) AND state = ANY(\(settled))
                LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            """
        }
        return PruneCounts(inbox: inbox, outbox: outbox)
    }

    /// Runs the statement `batch(pruneBatch)` makes, each time in a transaction of its own,
    /// until it deletes fewer rows than that; returns how many it deleted.
    private func deleteInBatches(_ context: @autoclosure () -> String, _ batch: (Int) -> PostgresQuery) throws -> Int {
        var deleted = 0
        while true {
            let rows = try withSession(context()) { session in
                try session.run(batch(Self.pruneBatch)).metadata.rows ?? 0
            }
            deleted += rows
            if rows < Self.pruneBatch { return deleted }
        }
    }

    /// Erases `user` in one transaction: their part in requests (through
    /// `eraseFromRequests`, which takes the user's lock first, as their messages do), their
    /// acts in those requests' histories (actor replaced, notes of their own words
    /// cleared), their conversation, dedupe rows and outbox rows.
    ///
    /// An outbox row being sent meanwhile by another server is deleted all the same; that
    /// server's record of the attempt then fails, and its next pass goes on without it.
    public func erase(user: String, at date: Date) throws {
        try transaction("erasing user \(user)", mode: "") { session in
            let transaction = PostgresTransaction(session: session, writes: true)
            let numbers = try transaction.eraseFromRequests(of: user, at: date)
            transaction.finish()
            let personal = RequestEvent.kindsWithPersonalNotes.map(\.rawValue)
            session.send("""
                UPDATE event SET actor = \(ServiceRequest.erasedResident),
                                 note = CASE WHEN kind = ANY(\(personal)) THEN NULL ELSE note END
                WHERE request = ANY(\(numbers)) AND actor = \(user)
                """, "erasing \(user) from the history of their requests")
            session.send("DELETE FROM conversation WHERE user_id = \(user)", "deleting the conversation of \(user)")
            // starts_with rather than LIKE, which would need the id's % and _ escaped. It
            // scans the inbox, which pruning keeps to the last days' messages.
            session.send("DELETE FROM inbox WHERE starts_with(key, \(UserID.dedupeKeyPrefix(of: user)))",
                         "deleting the dedupe rows of \(user)")
            session.send("DELETE FROM outbox WHERE recipient = \(user)", "deleting the outbox rows to \(user)")
            session.send("DELETE FROM notice_consent WHERE user_id = \(user)", "deleting the notice consents of \(user)")
            // Their photos and recordings go with their words, not at the next retention pass.
            session.send("DELETE FROM media_job WHERE user_id = \(user)", "deleting the media downloads of \(user)")
            session.send("DELETE FROM media WHERE NOT EXISTS (SELECT 1 FROM media_job WHERE media_job.media = media.id)",
                         "deleting media no download refers to")
            return .commit(())
        }
    }
}
