import Foundation
import LinliCore
import PostgresNIO

/// `StoreTransaction` over one connection inside an open PostgreSQL transaction.
///
/// Valid only while the `PostgresStore` call that made it runs. Every value goes to the
/// server as a bound parameter. Writes that cannot fail but with a database error are sent
/// without waiting; a failure among them is reported by the next read or at commit, and
/// the transaction keeps none of its writes.
///
/// Each statement is a round trip, so saved conversations, events of requests known to
/// exist and outbox rows are held back (`HeldWrites`) and sent in one statement: before
/// the next read of those tables, or with the transaction's last write (`finish`).
struct PostgresTransaction: StoreTransaction {
    let session: Session
    /// Whether this is a write transaction: only then does reading a conversation take the
    /// user's lock.
    let writes: Bool
    /// A conversation read ahead.
    private let readAhead = ReadAhead()
    private let held = HeldWrites()

    /// The first key of the two-key advisory locks that serialise one user's messages; the
    /// second key is a hash of the user id. Two-key locks never collide with the store's
    /// one-key locks (migrations, outbox claims).
    static let userLockSpace: Int32 = 0x6C69_6E6C  // "linl"

    func conversation(for userID: String) throws -> Conversation? {
        if let read = readAhead.take(userID) { return read }
        sendHeld()
        return try withStoreErrors("conversation of \(Redaction.user(userID))") {
            if writes {
                // The engine reads the user's conversation before anything else, so holding
                // the lock to the end of the transaction handles one user's messages one at
                // a time, whichever server receives them.
                session.send("SELECT pg_advisory_xact_lock(\(Self.userLockSpace), hashtext(\(userID)))",
                             "locking the conversation of \(Redaction.user(userID))")
            }
            let rows = try session.run("SELECT state FROM conversation WHERE user_id = \(userID)").rows
            return try rows.first.map { try Self.conversation(fromState: $0.decode(String.self)) }
        }
    }

    /// The conversation stored as `state`.
    static func conversation(fromState state: String) throws -> Conversation {
        try StoredJSON.decode(Conversation.self, from: state)
    }

    /// Gives `conversation`, read ahead under the user's lock, to the first read of
    /// `userID`'s conversation in this transaction.
    func keep(_ conversation: Conversation?, of userID: String) {
        readAhead.keep(conversation, of: userID)
    }

    /// Gives the member roll's version, read with the claim, to the first read of it.
    func keep(memberRollVersion version: Int) {
        readAhead.rollVersion = version
    }

    /// The member roll's version read ahead, once; nil when none was or it was taken.
    func takeMemberRollVersion() -> Int? {
        defer { readAhead.rollVersion = nil }
        return readAhead.rollVersion
    }

    func save(_ conversation: Conversation) throws {
        try withStoreErrors("saving conversation of \(Redaction.user(conversation.userID))") {
            // What was read ahead is out of date now.
            readAhead.forget(conversation.userID)
            held.save(HeldWrites.SavedConversation(userID: conversation.userID, state: try StoredJSON.encode(conversation),
                                              updatedAt: conversation.updatedAt))
        }
    }

    /// Sends the writes held back, if any, in one statement (more for thousands of rows),
    /// without waiting.
    private func sendHeld() {
        for (query, context) in held.take() { session.send(query, context) }
    }

    /// Sends the writes held back, if any: the last of the transaction's work.
    func finish() {
        sendHeld()
    }

    /// Sends the last of `handleOnce`'s work: `replies` recorded under message `key`, with
    /// the writes held back in the same statement.
    func finish(recording replies: String, under key: String) {
        let statements = held.take(endingWith: ({ sql in
            sql.appendLiteral("UPDATE inbox SET replies = ")
            sql.appendInterpolation(replies)
            sql.appendLiteral(" WHERE key = ")
            sql.appendInterpolation(key)
        }, "recording the replies to message \(Redaction.dedupeKey(key))"))
        for (query, context) in statements { session.send(query, context) }
    }

    func nextRequestNumber() throws -> Int {
        try nextNumber(of: "request")
    }

    /// The next number of `table` (`request`, `task`), from the `sequence` row of that name.
    ///
    /// The upsert locks the counter's row until commit, so numbers are unique across
    /// servers, and a rolled-back transaction gives its number back. A row saved under a
    /// number the counter never gave out is skipped, as in the SQLite store.
    func nextNumber(of table: String) throws -> Int {
        try withStoreErrors("taking the next \(table) number") {
            let rows = try session.run("""
                INSERT INTO sequence (name, value)
                VALUES (\(table), (SELECT coalesce(max(number), 0) FROM \(unescaped: table)) + 1)
                ON CONFLICT (name) DO UPDATE
                SET value = greatest(sequence.value, (SELECT coalesce(max(number), 0) FROM \(unescaped: table))) + 1
                RETURNING value
                """).rows
            guard let row = rows.first else {
                throw CoreError(.storeFailure, "taking the next \(table) number: the counter returned no row")
            }
            return Int(try row.decode(Int64.self))
        }
    }

    func save(_ request: ServiceRequest) throws {
        try withStoreErrors("saving request #\(request.number)") {
            // Followers are rows of request_follower alone (migration v2), so that linking one
            // more need not rewrite the body.
            var body = request
            body.followers = []
            let encoded = try StoredJSON.encode(body)
            // RETURNING reads the followers as they were before this statement, for the
            // comparison below: most saves leave them as they are.
            let due = request.reportDueTimes
            let rows = try session.run("""
                INSERT INTO request (number, intent, status, resident, grid, claimer, opened_at, claimed_at, resolved_at,
                                     rating, community, building, alert_at, claim_due_at, resolve_due_at, yellow_at, red_at,
                                     deadline_digest, extensions, reopened, service_minutes, body)
                VALUES (\(request.number), \(request.intent), \(request.status.rawValue), \(request.resident),
                        \(request.grid), \(request.claimer), \(request.openedAt.millisecondsSince1970),
                        \(request.claimedAt?.millisecondsSince1970), \(request.resolvedAt?.millisecondsSince1970),
                        \(request.rating), \(request.slots["community"]), \(request.slots["building"]),
                        \(request.alertAt?.millisecondsSince1970), \(due?.claimDueAt?.millisecondsSince1970),
                        \(due?.resolveDueAt?.millisecondsSince1970), \(due?.yellowAt?.millisecondsSince1970),
                        \(due?.redAt?.millisecondsSince1970), \(due?.policy), \(request.approvedExtensions),
                        \(request.reopenedAt == nil ? 0 : 1), \(request.serviceMinutes), \(encoded))
                ON CONFLICT (number) DO UPDATE SET intent = excluded.intent, status = excluded.status,
                    resident = excluded.resident, grid = excluded.grid, claimer = excluded.claimer,
                    opened_at = excluded.opened_at, claimed_at = excluded.claimed_at, resolved_at = excluded.resolved_at,
                    rating = excluded.rating, community = excluded.community, building = excluded.building,
                    alert_at = excluded.alert_at, claim_due_at = excluded.claim_due_at, resolve_due_at = excluded.resolve_due_at,
                    yellow_at = excluded.yellow_at, red_at = excluded.red_at, deadline_digest = excluded.deadline_digest,
                    extensions = excluded.extensions, reopened = excluded.reopened, service_minutes = excluded.service_minutes,
                    body = excluded.body
                RETURNING \(unescaped: Self.followersColumn)
                """).rows
            held.know(request.number)
            let stored = try rows.first.map { try $0.decode([String].self) } ?? []
            if stored == request.followers { return }
            if request.followers.starts(with: stored) {
                insertFollowers(request.followers[stored.count...], of: request.number)
                return
            }
            session.send("DELETE FROM request_follower WHERE request = \(request.number)",
                         "replacing the followers of request #\(request.number)")
            insertFollowers(request.followers[...], of: request.number)
        }
    }

    func save(_ request: ServiceRequest, addingFollower follower: String) throws {
        try withStoreErrors("saving request #\(request.number)") {
            // The caller read `request` in this transaction, so when it is stored only the
            // follower is new.
            if try !insertFollower(follower, ofStored: request.number) {
                try save(request.addingFollower(follower))
            }
        }
    }

    func addFollower(_ follower: String, toRequest number: Int) throws {
        try withStoreErrors("adding a follower to request #\(number)") {
            guard try insertFollower(follower, ofStored: number) else {
                throw CoreError(.unknownRequest, "cannot add follower \(Redaction.user(follower)): no request #\(number)")
            }
        }
    }

    /// Adds `followers` after the stored followers of request `number`, in their order.
    private func insertFollowers(_ followers: ArraySlice<String>, of number: Int) {
        // Sorted by place in the list, so that the ids, and so the order read back, follow it.
        session.send("""
            INSERT INTO request_follower (request, user_id)
            SELECT \(number), follower.user_id
            FROM unnest(\(Array(followers))::text[]) WITH ORDINALITY AS follower(user_id, place)
            ORDER BY follower.place
            ON CONFLICT DO NOTHING
            """, "saving the followers of request #\(number)")
    }

    /// Adds `follower` last to the followers of request `number` (unless already one), in
    /// one round trip; false, adding nothing, when there is no such request.
    private func insertFollower(_ follower: String, ofStored number: Int) throws -> Bool {
        // A data-modifying WITH runs whether or not the outer query reads it.
        let rows = try session.run("""
            WITH target AS (SELECT number FROM request WHERE number = \(number)),
                 added AS (INSERT INTO request_follower (request, user_id) SELECT number, \(follower) FROM target
                           ON CONFLICT DO NOTHING)
            SELECT count(*) FROM target
            """).rows
        guard try rows.first?.decode(Int64.self) == 1 else { return false }
        held.know(number)
        return true
    }

    /// The followers of the request row in scope, in the order they joined, as a text array.
    static let followersColumn =
        "ARRAY(SELECT user_id FROM request_follower WHERE request_follower.request = request.number ORDER BY request_follower.id)"

    /// The request of a row of `body` and `followersColumn`.
    static func request(_ row: PostgresRow) throws -> ServiceRequest {
        let (body, followers) = try row.decode((String, [String]).self)
        var request = try StoredJSON.decode(ServiceRequest.self, from: body)
        request.followers = followers
        return request
    }

    func request(number: Int) throws -> ServiceRequest? {
        try withStoreErrors("request #\(number)") {
            // A write transaction reads a request to change it: locking the row keeps another
            // server's change (the deadline timer's step, another staff member's) from being
            // overwritten by a save of what was read before it.
            let request = try session.run("""
                SELECT body, \(unescaped: Self.followersColumn) FROM request WHERE number = \(number)\(unescaped: writes ? " FOR UPDATE" : "")
                """).rows.first.map(Self.request)
            if request != nil { held.know(number) }
            return request
        }
    }

    func requests(_ query: RequestQuery) throws -> [ServiceRequest] {
        try withStoreErrors("requests matching \(Redaction.query(query))") {
            guard let sql = try RequestFilter(query).requests else { return [] }
            return try session.run(sql).rows.map(Self.request).filter(RequestFilter.rounded(query).matches)
        }
    }

    func requestsDue(at date: Date, limit: Int) throws -> [ServiceRequest] {
        try withStoreErrors("requests due at \(date)") {
            // SKIP LOCKED: rows another server's pass (or a message) holds are left to it, and
            // the rows returned stay locked to this transaction until it commits with their
            // next alert. Under READ COMMITTED a row committed meanwhile is checked again
            // against the condition, so one whose alert moved on is not returned.
            let rows = try session.run("""
                SELECT body, \(unescaped: Self.followersColumn) FROM request
                WHERE alert_at IS NOT NULL AND alert_at <= \(date.millisecondsSince1970)
                ORDER BY alert_at, number LIMIT \(Int64(max(0, limit)))
                FOR UPDATE SKIP LOCKED
                """).rows
            let requests = try rows.map(Self.request)
            for request in requests { held.know(request.number) }
            return requests
        }
    }

    func firstRequest(matching query: RequestQuery, notOpenedBy resident: String) throws -> RequestHead? {
        try withStoreErrors("the first request matching \(Redaction.query(query))") {
            // Queries over residents (and so followers) or grids go through `requests`, where
            // `matches` decides them; the rest the columns answer exactly.
            guard query.resident == nil, query.grids == nil else {
                return try firstRequestRead(matching: query, notOpenedBy: resident)
            }
            guard let sql = try RequestFilter(query).first(notOpenedBy: resident) else { return nil }
            return try session.run(sql).rows.first.map { row in
                let (number, resident) = try row.decode((Int64, String).self)
                return RequestHead(number: Int(number), resident: resident)
            }
        }
    }

    func append(_ event: RequestEvent) throws {
        // When the request is known to be there, the event goes with the last writes.
        if held.hold(event) { return }
        // Else checked now, after the events held before it: they go in the order appended.
        sendHeld()
        try withStoreErrors("appending \(event.kind.rawValue) event to request #\(event.request)") {
            // Inserted only when the request exists, rather than caught as a foreign-key
            // violation: an error would abort the whole transaction in PostgreSQL, and the
            // handler may go on after this one.
            let result = try session.run("""
                INSERT INTO event (request, kind, actor, at, note)
                SELECT \(event.request), \(event.kind.rawValue), \(event.actor), \(event.at.millisecondsSince1970), \(event.note)
                WHERE EXISTS (SELECT 1 FROM request WHERE number = \(event.request))
                """)
            guard result.metadata.rows == 1 else {
                throw CoreError(.unknownRequest, "cannot append \(event.kind.rawValue) event: no request #\(event.request)")
            }
            held.know(event.request)
        }
    }

    func events(request number: Int) throws -> [RequestEvent] {
        sendHeld()
        return try withStoreErrors("events of request #\(number)") {
            try session.run("SELECT id, request, kind, actor, at, note FROM event WHERE request = \(number) ORDER BY at, id")
                .rows.map(Self.event)
        }
    }

    func events(since date: Date?) throws -> [RequestEvent] {
        sendHeld()
        return try withStoreErrors("events since \(date.map { "\($0)" } ?? "the start")") {
            let since = date?.millisecondsSince1970 ?? Int64.min
            return try session.run("SELECT id, request, kind, actor, at, note FROM event WHERE at >= \(since) ORDER BY at, id")
                .rows.map(Self.event)
        }
    }

    func enqueue(_ message: OutboundMessage, at date: Date) throws {
        held.enqueue(message, at: date)
    }

    private static func event(_ row: PostgresRow) throws -> RequestEvent {
        let (id, request, kind, actor, at, note) = try row.decode((Int64, Int64, String, String, Int64, String?).self)
        guard let kind = RequestEvent.Kind(rawValue: kind) else {
            throw CoreError(.storeFailure, "event \(id) of request #\(request) has unknown kind \(kind)")
        }
        return RequestEvent(request: Int(request), kind: kind, actor: actor, at: Date(millisecondsSince1970: at), note: note)
    }
}

/// One conversation read ahead, handed out once: a later read goes to the database, which
/// then holds whatever the transaction saved since.
private final class ReadAhead {
    private var userID: String?
    private var conversation: Conversation?
    /// The member roll's version read with the claim (`memberRollVersion()`).
    var rollVersion: Int?

    func keep(_ conversation: Conversation?, of userID: String) {
        self.userID = userID
        self.conversation = conversation
    }

    /// The conversation kept for `userID` (.some(nil) when it has none), once; nil otherwise.
    func take(_ userID: String) -> Conversation?? {
        guard self.userID == userID else { return nil }
        defer { forget(userID) }
        return .some(conversation)
    }

    /// Drops what was kept for `userID`, if anything.
    func forget(_ userID: String) {
        guard self.userID == userID else { return }
        self.userID = nil
        conversation = nil
    }
}
