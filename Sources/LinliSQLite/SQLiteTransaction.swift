import Foundation
import GRDB
import LinliCore

/// `StoreTransaction` over one GRDB connection inside an open transaction.
///
/// Valid only while the `SQLiteStore` call that made it runs: GRDB forbids keeping the
/// `Database` beyond its closure.
struct SQLiteTransaction: StoreTransaction {
    let db: Database

    func conversation(for userID: String) throws -> Conversation? {
        try withStoreErrors("conversation of \(Redaction.user(userID))") {
            // Cached statements: these run for every message, and building the SQL through
            // the query interface each time costs more than the query.
            try ConversationRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM conversation WHERE user_id = ?"),
                                            arguments: [userID])?.conversation()
        }
    }

    func save(_ conversation: Conversation) throws {
        try withStoreErrors("saving conversation of \(Redaction.user(conversation.userID))") {
            let record = try ConversationRecord(conversation)
            // One cached upsert instead of GRDB's update-then-insert: this runs for every message.
            try db.cachedStatement(sql: """
                INSERT INTO conversation (user_id, state, updated_at) VALUES (?, ?, ?)
                ON CONFLICT(user_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
                """).execute(arguments: [record.userID, record.state, record.updatedAt])
        }
    }

    func nextRequestNumber() throws -> Int {
        try withStoreErrors("taking the next request number") {
            var sequence = try SequenceRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM sequence WHERE name = ?"),
                                                       arguments: ["request"]) ?? SequenceRecord(name: "request", value: 0)
            // A request saved under a number the counter never gave out (an import, a restore)
            // must not be overwritten by the next new request.
            let highest = try Int.fetchOne(db.cachedStatement(sql: "SELECT max(number) FROM request")) ?? 0
            sequence.value = max(sequence.value, highest) + 1
            try sequence.save(db)
            return sequence.value
        }
    }

    func save(_ request: ServiceRequest) throws {
        try withStoreErrors("saving request #\(request.number)") {
            try upsert(request)
            try replaceFollowers(of: request.number, with: request.followers)
        }
    }

    func save(_ request: ServiceRequest, addingFollower follower: String) throws {
        try withStoreErrors("saving request #\(request.number)") {
            // The caller read `request` in this transaction, so when it is stored only the
            // follower is new.
            if try !isStored(request.number) {
                try save(request.addingFollower(follower))
                return
            }
            try insertFollower(follower, of: request.number)
        }
    }

    func addFollower(_ follower: String, toRequest number: Int) throws {
        try withStoreErrors("adding a follower to request #\(number)") {
            guard try isStored(number) else {
                throw CoreError(.unknownRequest, "cannot add follower \(Redaction.user(follower)): no request #\(number)")
            }
            try insertFollower(follower, of: number)
        }
    }

    private func isStored(_ number: Int) throws -> Bool {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM request WHERE number = ?"), arguments: [number]) != nil
    }

    /// Writes the request's row; its followers are left to `request_follower`.
    private func upsert(_ request: ServiceRequest) throws {
        var body = request
        body.followers = []
        let r = try RequestRecord(body)
        let due = request.reportDueTimes
        // An upsert, not INSERT OR REPLACE: replacing would delete the row its events reference.
        try db.cachedStatement(sql: """
            INSERT INTO request (number, intent, status, resident, grid, claimer, opened_at, claimed_at, resolved_at,
                                 rating, community, building, alert_at, claim_due_at, resolve_due_at, yellow_at, red_at,
                                 deadline_digest, extensions, reopened, service_minutes, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(number) DO UPDATE SET intent = excluded.intent, status = excluded.status,
                resident = excluded.resident, grid = excluded.grid, claimer = excluded.claimer,
                opened_at = excluded.opened_at, claimed_at = excluded.claimed_at, resolved_at = excluded.resolved_at,
                rating = excluded.rating, community = excluded.community, building = excluded.building,
                alert_at = excluded.alert_at, claim_due_at = excluded.claim_due_at, resolve_due_at = excluded.resolve_due_at,
                yellow_at = excluded.yellow_at, red_at = excluded.red_at, deadline_digest = excluded.deadline_digest,
                extensions = excluded.extensions, reopened = excluded.reopened, service_minutes = excluded.service_minutes,
                body = excluded.body
            """).execute(arguments: [r.number, r.intent, r.status, r.resident, r.grid, r.claimer, r.openedAt, r.claimedAt,
                                     r.resolvedAt, r.rating, r.community, r.building, request.alertAt?.millisecondsSince1970,
                                     due?.claimDueAt?.millisecondsSince1970, due?.resolveDueAt?.millisecondsSince1970,
                                     due?.yellowAt?.millisecondsSince1970, due?.redAt?.millisecondsSince1970, due?.policy,
                                     request.approvedExtensions, request.reopenedAt == nil ? 0 : 1, request.serviceMinutes, r.body])
    }

    /// Makes the stored followers of request `number` exactly `followers`, in that order;
    /// appending to the stored list inserts only the new ones.
    private func replaceFollowers(of number: Int, with followers: [String]) throws {
        let stored = try storedFollowers(of: number)
        if stored == followers { return }
        if followers.starts(with: stored) {
            for follower in followers[stored.count...] { try insertFollower(follower, of: number) }
            return
        }
        try db.cachedStatement(sql: "DELETE FROM request_follower WHERE request = ?").execute(arguments: [number])
        for follower in followers { try insertFollower(follower, of: number) }
    }

    private func insertFollower(_ follower: String, of number: Int) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO request_follower (request, user_id) VALUES (?, ?)")
            .execute(arguments: [number, follower])
    }

    /// The followers of request `number`, in the order they joined.
    private func storedFollowers(of number: Int) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT user_id FROM request_follower WHERE request = ? ORDER BY rowid"),
                            arguments: [number])
    }

    /// The request of `record`, with its followers.
    func request(_ record: RequestRecord) throws -> ServiceRequest {
        var request = try record.request()
        request.followers = try storedFollowers(of: record.number)
        return request
    }

    func request(number: Int) throws -> ServiceRequest? {
        try withStoreErrors("request #\(number)") {
            try RequestRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM request WHERE number = ?"), arguments: [number])
                .map(request)
        }
    }

    func requests(_ query: RequestQuery) throws -> [ServiceRequest] {
        try withStoreErrors("requests matching \(Redaction.query(query))") {
            // The SQL narrows by indexed columns; `matches`, the definition of the query,
            // decides (the SQL over followers and grids is only a prefilter).
            let query = Self.rounded(query)
            guard let (conditions, arguments) = Self.conditions(query) else { return [] }
            let records = try RequestRecord.fetchAll(
                db, sql: "SELECT * FROM request \(Self.whereClause(conditions)) ORDER BY opened_at, number",
                arguments: StatementArguments(arguments))
            return try records.map(request).filter(query.matches)
        }
    }

    func requestsDue(at date: Date, limit: Int) throws -> [ServiceRequest] {
        try withStoreErrors("requests due at \(date)") {
            // The one writer serialises passes, so nothing needs locking; the condition is
            // the partial index's, which it then answers in order without sorting.
            try RequestRecord.fetchAll(db.cachedStatement(sql: Self.dueSQL),
                                       arguments: [date.millisecondsSince1970, max(0, limit)])
                .map(request)
        }
    }

    /// The query of `requestsDue`, shared with the benchmark's EXPLAIN QUERY PLAN.
    static let dueSQL = """
        SELECT * FROM request WHERE alert_at IS NOT NULL AND alert_at <= ? ORDER BY alert_at, number LIMIT ?
        """

    func firstRequest(matching query: RequestQuery, notOpenedBy resident: String) throws -> RequestHead? {
        try withStoreErrors("the first request matching \(Redaction.query(query))") {
            // Queries over residents (and so followers) or grids go through `requests`, where
            // `matches` decides them; the rest the columns answer exactly.
            guard query.resident == nil, query.grids == nil else {
                return try firstRequestRead(matching: query, notOpenedBy: resident)
            }
            guard let (conditions, arguments) = Self.conditions(Self.rounded(query)) else { return nil }
            // Cached: the text depends only on which fields are set and how many statuses,
            // so there are few, and finding a repeated report runs this for every new one.
            let statement = try db.cachedStatement(sql: """
                SELECT number, resident FROM request \(Self.whereClause(conditions + ["resident <> ?"]))
                ORDER BY opened_at, number LIMIT 1
                """)
            return try Row.fetchOne(statement, arguments: StatementArguments(arguments + [resident])).map { row in
                RequestHead(number: row["number"], resident: row["resident"])
            }
        }
    }

    /// `query` with its date rounded to the millisecond, as stored dates are.
    static func rounded(_ query: RequestQuery) -> RequestQuery {
        var query = query
        query.openedSince = query.openedSince.map { Date(millisecondsSince1970: $0.millisecondsSince1970) }
        return query
    }

    /// `query` as SQL conditions over the request table's indexed columns, with their
    /// arguments in order; nil when it can match nothing (an empty set of statuses or grids).
    /// The condition "its deadline has `colour` at ?" over `yellow_at` and `red_at`, with how
    /// many times the time is bound (`RequestListing.ColourFilter.colour` in SQL).
    static func colourCondition(_ colour: DeadlineColour) -> (String, Int) {
        switch colour {
        case .green: ("(red_at IS NOT NULL AND yellow_at > ?)", 1)
        case .yellow: ("(red_at > ? AND (yellow_at IS NULL OR yellow_at <= ?))", 2)
        case .red: ("red_at <= ?", 1)
        }
    }

    /// The condition "in one of `grids`" and its arguments; nil for no grids, which nothing is in.
    /// `matches` treats a request without a grid as being in grid "".
    static func gridCondition(_ grids: Set<String>) -> (String, [String])? {
        guard !grids.isEmpty else { return nil }
        let named = grids.filter { !$0.isEmpty }.sorted()
        var alternatives = named.isEmpty ? [] : ["grid IN (\(placeholders(named.count)))"]
        if grids.contains("") { alternatives.append("grid IS NULL OR grid = ''") }
        return ("(\(alternatives.joined(separator: " OR ")))", named)
    }

    /// The condition "in `scope`": its grids, its claimer, or an intent routed to it in one of
    /// that intent's grids.
    static func scopeCondition(_ scope: RequestScope) -> (String, [any DatabaseValueConvertible]) {
        var alternatives = ["claimer = ?"]
        var arguments: [any DatabaseValueConvertible] = [scope.claimer]
        if let (condition, named) = gridCondition(scope.grids) {
            alternatives.append(condition)
            arguments += named
        }
        for (intent, grids) in scope.routed.sorted(by: { $0.key < $1.key }) {
            guard let (condition, named) = gridCondition(grids) else { continue }
            alternatives.append("(intent = ? AND \(condition))")
            arguments.append(intent)
            arguments += named
        }
        return ("(\(alternatives.joined(separator: " OR ")))", arguments)
    }

    static func conditions(_ query: RequestQuery) -> ([String], [any DatabaseValueConvertible])? {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let statuses = query.statuses {
            if statuses.isEmpty { return nil }
            conditions.append("status IN (\(placeholders(statuses.count)))")
            arguments += statuses.map(\.rawValue).sorted()
        }
        if let resident = query.resident {
            // Followers are in request_follower (migration v2), indexed by user.
            conditions.append("(resident = ? OR number IN (SELECT request FROM request_follower WHERE user_id = ?))")
            arguments += [resident, resident]
        }
        if let grids = query.grids {
            guard let (condition, named) = gridCondition(grids) else { return nil }
            conditions.append(condition)
            arguments += named
        }
        if let intent = query.intent {
            conditions.append("intent = ?")
            arguments.append(intent)
        }
        if let community = query.community {
            conditions.append("community = ?")
            arguments.append(community)
        }
        if let building = query.building {
            conditions.append("building = ?")
            arguments.append(building)
        }
        if let openedSince = query.openedSince {
            conditions.append("opened_at >= ?")
            arguments.append(openedSince.millisecondsSince1970)
        }
        return (conditions, arguments)
    }

    static func whereClause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }

    func append(_ event: RequestEvent) throws {
        try withStoreErrors("appending \(event.kind.rawValue) event to request #\(event.request)") {
            do {
                let r = EventRecord(event)
                // Cached: every handled report appends at least one event.
                try db.cachedStatement(sql: "INSERT INTO event (request, kind, actor, at, note) VALUES (?, ?, ?, ?, ?)")
                    .execute(arguments: [r.request, r.kind, r.actor, r.at, r.note])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
                throw CoreError(.unknownRequest, "cannot append \(event.kind.rawValue) event: no request #\(event.request)")
            }
        }
    }

    func events(request number: Int) throws -> [RequestEvent] {
        try withStoreErrors("events of request #\(number)") {
            try EventRecord
                .fetchAll(db.cachedStatement(sql: "SELECT * FROM event WHERE request = ? ORDER BY at, id"), arguments: [number])
                .map { try $0.event() }
        }
    }

    func events(since date: Date?) throws -> [RequestEvent] {
        try withStoreErrors("events since \(date.map { "\($0)" } ?? "the start")") {
            try EventRecord
                .fetchAll(db, sql: "SELECT * FROM event WHERE at >= ? ORDER BY at, id",
                          arguments: [date?.millisecondsSince1970 ?? Int64.min])
                .map { try $0.event() }
        }
    }

    func enqueue(_ message: OutboundMessage, at date: Date) throws {
        try withStoreErrors("queueing a message for \(Redaction.user(message.recipient))") {
            try OutboxRecord(message, createdAt: date).insert(db)
        }
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
