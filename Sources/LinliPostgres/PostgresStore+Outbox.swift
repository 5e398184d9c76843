import Foundation
import LinliCore
import PostgresNIO

extension PostgresStore {
    /// The key of the advisory lock that serialises outbox claims across servers ("linli-ob").
    static let claimLock: Int64 = 0x6C69_6E6C_692D_6F62

    /// Claims up to `limit` pending outbox rows for this store and returns them, oldest first.
    ///
    /// A row is claimed when it is pending and not leased to another store (or that lease
    /// has run out), and no earlier pending row of the same recipient is leased to another
    /// store, so each recipient's messages go out in order through one server. Claimed rows
    /// are leased to this store for `configuration.outboxLease`; rows it claimed before come
    /// back again with their lease renewed, until `recordDelivery` settles them and clears
    /// the lease. Claims are serialised by an advisory lock held for their transaction, so
    /// two stores never take rows of one recipient at once; `FOR UPDATE SKIP LOCKED` passes
    /// over rows whose delivery is being recorded.
    public func pendingOutbox(limit: Int) throws -> [OutboxEntry] {
        guard limit > 0 else { return [] }
        return try transaction("claiming up to \(limit) pending outbox rows", mode: "") { session in
            try session.run("SELECT pg_advisory_xact_lock(\(Self.claimLock))")
            let now = Date().millisecondsSince1970
            let until = now + Int64((configuration.outboxLease * 1000).rounded())
            let pending = OutboxEntry.State.pending.rawValue
            let rows = try session.run("""
                WITH claimable AS (
                    SELECT candidate.id FROM outbox AS candidate
                    WHERE candidate.state = \(pending)
                      AND (candidate.lease_owner IS NULL OR candidate.lease_owner = \(owner) OR candidate.lease_until < \(now))
                      AND NOT EXISTS (
                          SELECT 1 FROM outbox AS earlier
                          WHERE earlier.recipient = candidate.recipient AND earlier.state = \(pending)
                            AND earlier.id < candidate.id
                            AND earlier.lease_owner <> \(owner) AND earlier.lease_until >= \(now))
                    ORDER BY candidate.id
                    LIMIT \(limit)
                    FOR UPDATE OF candidate SKIP LOCKED
                )
                UPDATE outbox SET lease_owner = \(owner), lease_until = \(until)
                FROM claimable WHERE outbox.id = claimable.id
                RETURNING outbox.id, outbox.recipient, outbox.text, outbox.origin, outbox.created_at, outbox.state,
                          outbox.attempts, outbox.last_error
                """).rows
            return .commit(try rows.map(Self.outboxEntry).sorted { $0.id < $1.id })
        }
    }

    /// Records a delivery attempt of row `id`: its new state, one more attempt, the error if
    /// any (an earlier error is kept when `error` is nil), the time when delivered; and
    /// ends this store's lease of it.
    ///
    /// - Throws: `CoreError(.storeFailure)` naming `id` when there is no such row.
    public func recordDelivery(id: Int64, state: OutboxEntry.State, error: String?) throws {
        try transaction("recording delivery of outbox row \(id)", mode: "") { session in
            try Self.record(session, id: id, state: state, error: error)
            return .commit(())
        }
    }

    /// The update behind `recordDelivery` and `recordFailure`.
    private static func record(_ session: Session, id: Int64, state: OutboxEntry.State, error: String?) throws {
        let deliveredAt: Int64? = state == .delivered ? Date().millisecondsSince1970 : nil
        let result = try session.run("""
            UPDATE outbox
            SET state = \(state.rawValue), attempts = attempts + 1, last_error = coalesce(\(error), last_error),
                delivered_at = coalesce(\(deliveredAt), delivered_at), lease_owner = NULL, lease_until = NULL
            WHERE id = \(id)
            """)
        guard result.metadata.rows == 1 else {
            throw CoreError(.storeFailure, "cannot record delivery of outbox row \(id): no such row")
        }
    }

    /// Marks row `id` failed and queues `notice` in one transaction: the sender is told
    /// exactly when the failure is recorded.
    ///
    /// - Throws: `CoreError(.storeFailure)` naming `id` when there is no such row; then no
    ///   notice is queued either.
    public func recordFailure(id: Int64, error: String, notice: OutboundMessage?, at date: Date) throws {
        try transaction("recording failure of outbox row \(id)", mode: "") { session in
            try Self.record(session, id: id, state: .failed, error: error)
            if let notice {
                let transaction = PostgresTransaction(session: session, writes: true)
                try transaction.enqueue(notice, at: date)
                transaction.finish()
            }
            return .commit(())
        }
    }

    /// Ends every lease this store holds.
    func releaseLeases() throws {
        try transaction("releasing outbox leases", mode: "") { session in
            try session.run("UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = \(owner)")
            return .commit(())
        }
    }

    /// An outbox row as read by the claim and inspection queries.
    static func outboxEntry(_ row: PostgresRow) throws -> OutboxEntry {
        let (id, recipient, text, origin, createdAt, state, attempts, lastError) =
            try row.decode((Int64, String, String, String?, Int64, String, Int, String?).self)
        guard let state = OutboxEntry.State(rawValue: state) else {
            throw CoreError(.storeFailure, "outbox row \(id) has unknown state \(state)")
        }
        return OutboxEntry(id: id, message: OutboundMessage(recipient: recipient, text: text, origin: origin),
                           createdAt: Date(millisecondsSince1970: createdAt), state: state,
                           attempts: attempts, lastError: lastError)
    }
}
