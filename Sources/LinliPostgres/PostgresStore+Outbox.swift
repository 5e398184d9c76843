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
    public func claimOutbox(limit: Int) throws -> [OutboxEntry] {
        guard limit > 0 else { return [] }
        return try transaction("claiming up to \(limit) pending outbox rows", mode: "") { session in
            try session.run("SELECT pg_advisory_xact_lock(\(Self.claimLock))")
            let now = configuration.clock().millisecondsSince1970
            let until = leaseEnd(from: now)
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
                          outbox.attempts, outbox.last_error, outbox.notice
                """).rows
            return .commit(try rows.map(Self.outboxEntry).sorted { $0.id < $1.id })
        }
    }

    /// When a lease granted at `now` (milliseconds) runs out.
    private func leaseEnd(from now: Int64) -> Int64 {
        now + Int64((configuration.outboxLease * 1000).rounded())
    }

    /// Renews this store's lease of row `id` for `configuration.outboxLease`, in one
    /// statement, when the row is still pending and leased to this store with time left;
    /// false otherwise. A delivery pass can outlast a lease (many rows, slow sends), and by
    /// then another server may have claimed the rest: checking right before each send keeps
    /// a row from going out twice.
    public func renewLease(ofOutboxRow id: Int64) throws -> Bool {
        try withSession("renewing the lease of outbox row \(id)") { session in
            let now = configuration.clock().millisecondsSince1970
            let result = try session.run("""
                UPDATE outbox SET lease_until = \(leaseEnd(from: now))
                WHERE id = \(id) AND state = \(OutboxEntry.State.pending.rawValue)
                  AND lease_owner = \(owner) AND lease_until > \(now)
                """)
            return result.metadata.rows == 1
        }
    }

    /// How many outbox rows are in each state, in one statement that leases nothing.
    public func outboxCounts() throws -> OutboxCounts {
        try withSession("counting the outbox") { session in
            let rows = try session.run("SELECT state, count(*) FROM outbox GROUP BY state").rows
            return try OutboxCounts(byState: rows.map { row in
                let (state, count) = try row.decode((String, Int64).self)
                return (state, Int(count))
            })
        }
    }

    /// How many requests there are, and how many are resolved, in one statement.
    public func requestCounts() throws -> RequestCounts {
        try withSession("counting requests") { session in
            guard let row = try session.run("SELECT count(*), count(resolved_at) FROM request").rows.first else {
                throw CoreError(.storeFailure, "counting requests: no answer")
            }
            let (opened, resolved) = try row.decode((Int64, Int64).self)
            return RequestCounts(opened: Int(opened), resolved: Int(resolved))
        }
    }

    /// Records a delivery attempt of row `id`, in one statement: its new state, one more
    /// attempt, the error if any (an earlier error is kept when `error` is nil), the time
    /// when delivered; and ends this store's lease of it. Returns false, changing nothing,
    /// when the row is no longer this store's: another server claimed it after this store's
    /// lease ran out, or has settled it since, and its record stands.
    ///
    /// - Throws: `CoreError(.storeFailure)` naming `id` when there is no such row.
    @discardableResult
    public func recordDelivery(id: Int64, state: OutboxEntry.State, error: String?) throws -> Bool {
        try withSession("recording delivery of outbox row \(id)") { session in
            try record(session, id: id, state: state, error: error)
        }
    }

    /// The update behind `recordDelivery` and `recordFailure`: false when row `id` is not
    /// pending, or leased to another store.
    ///
    /// A row leased to nobody is recorded: this store's lease was ended by its own record of
    /// an earlier attempt or by `close()`, and no other store has claimed the row since (a
    /// claim leases it, and a record that settles it leaves it no longer pending, so a late
    /// record never overwrites another store's).
    private func record(_ session: Session, id: Int64, state: OutboxEntry.State, error: String?) throws -> Bool {
        let deliveredAt: Int64? = state == .delivered ? configuration.clock().millisecondsSince1970 : nil
        let result = try session.run("""
            UPDATE outbox
            SET state = \(state.rawValue), attempts = attempts + 1, last_error = coalesce(\(error), last_error),
                delivered_at = coalesce(\(deliveredAt), delivered_at), lease_owner = NULL, lease_until = NULL
            WHERE id = \(id) AND state = \(OutboxEntry.State.pending.rawValue)
              AND (lease_owner = \(owner) OR lease_owner IS NULL)
            """)
        if result.metadata.rows == 1 { return true }
        // Rare: the lease was lost. Only then is it worth asking whether the row exists.
        guard try session.run("SELECT 1 FROM outbox WHERE id = \(id)").rows.first != nil else {
            throw CoreError(.storeFailure, "cannot record delivery of outbox row \(id): no such row")
        }
        return false
    }

    /// Marks row `id` failed and queues `notice` in one transaction: the sender is told
    /// exactly when the failure is recorded. Returns false, changing and queueing nothing,
    /// when the row is no longer this store's (as for `recordDelivery`).
    ///
    /// - Throws: `CoreError(.storeFailure)` naming `id` when there is no such row; then no
    ///   notice is queued either.
    @discardableResult
    public func recordFailure(id: Int64, error: String, notice: OutboundMessage?, event: RequestEvent?, at date: Date) throws -> Bool {
        try transaction("recording failure of outbox row \(id)", mode: "") { session in
            guard try record(session, id: id, state: .failed, error: error) else { return .rollback(false) }
            if notice != nil || event != nil {
                let transaction = PostgresTransaction(session: session, writes: true)
                if let notice { try transaction.enqueue(notice, at: date) }
                if let event { try transaction.append(event) }
                transaction.finish()
            }
            return .commit(true)
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
        let (id, recipient, text, origin, createdAt, state, attempts, lastError, notice) =
            try row.decode((Int64, String, String, String?, Int64, String, Int, String?, String?).self)
        guard let state = OutboxEntry.State(rawValue: state) else {
            throw CoreError(.storeFailure, "outbox row \(id) has unknown state \(state)")
        }
        return OutboxEntry(id: id, message: OutboundMessage(recipient: recipient, text: text, origin: origin,
                                                            notice: RequestNotice(stored: notice)),
                           createdAt: Date(millisecondsSince1970: createdAt), state: state,
                           attempts: attempts, lastError: lastError)
    }
}
