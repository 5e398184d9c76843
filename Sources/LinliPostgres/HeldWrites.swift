import Foundation
import LinliCore
import PostgresNIO

/// Writes a transaction holds back so that they reach the database together, in one
/// statement, rather than one round trip each: saved conversations, events of requests
/// known to exist, and outbox rows.
///
/// An event is held only when its request is known to exist (the transaction saved or read
/// it; requests are never deleted): any other needs the check that refuses it at once.
///
/// Nothing else a transaction writes depends on these rows, and nothing it reads but
/// conversations, events and the outbox does; so they wait until the transaction reads one
/// of those, or ends (`PostgresTransaction.finish`), whichever comes first. Within a table
/// the rows go in the order they were written, one multi-row INSERT per table, so ids
/// (event and outbox order) follow that order.
final class HeldWrites {
    /// A conversation saved and not yet sent.
    struct SavedConversation {
        let userID: String
        /// The stored form of the conversation.
        let state: String
        let updatedAt: Date
    }

    /// Saved conversations, one per user (the last save), in the order of first save.
    private var conversations: [SavedConversation] = []
    private var events: [RequestEvent] = []
    private var outbox: [(message: OutboundMessage, at: Date)] = []
    /// Requests the transaction has seen exist.
    private var knownRequests: Set<Int> = []

    func save(_ conversation: SavedConversation) {
        if let index = conversations.firstIndex(where: { $0.userID == conversation.userID }) {
            conversations[index] = conversation
        } else {
            conversations.append(conversation)
        }
    }

    /// Records that request `number` exists.
    func know(_ number: Int) { knownRequests.insert(number) }

    /// Holds `event` back when its request is known to exist; false, holding nothing, when not.
    func hold(_ event: RequestEvent) -> Bool {
        guard knownRequests.contains(event.request) else { return false }
        events.append(event)
        return true
    }

    func enqueue(_ message: OutboundMessage, at date: Date) { outbox.append((message, date)) }

    /// Part of a statement, written into the statement being built.
    typealias Part = (inout PostgresQuery.StringInterpolation) -> Void

    /// A statement to send, with what it does for errors.
    typealias Statement = (query: PostgresQuery, context: String)

    /// The most rows one INSERT of held writes carries: a statement can bind at most 65,535
    /// values (the protocol counts them in 16 bits), and an outbox row binds 7, so a request
    /// with ~11,000 followers would otherwise be unresolvable.
    static let rowsPerStatement = 1_000

    /// The held writes as statements to send in order, usually one, or none when there are
    /// none; the writes are forgotten.
    func take() -> [Statement] {
        if conversations.isEmpty && events.isEmpty && outbox.isEmpty { return [] }
        return statements(endingWith: nil)
    }

    /// The held writes and `tail` (a data-modifying statement, with what it does) as
    /// statements to send in order, `tail` in the last; the writes are forgotten.
    func take(endingWith tail: (part: Part, context: String)) -> [Statement] {
        statements(endingWith: tail)
    }

    private func statements(endingWith tail: (part: Part, context: String)?) -> [Statement] {
        defer { conversations = []; events = []; outbox = [] }
        // Each table's rows beyond its last chunk go first, a chunk per statement and in
        // order, so that ids still follow the order written; the last chunks share the final
        // statement. Nearly always there is one chunk per table, and so one statement.
        var statements: [Statement] = []
        var parts: [(name: String, write: Part)] = []
        func add<Row>(_ name: String, _ rows: [Row], _ insert: @escaping ([Row]) -> Part, _ describe: ([Row]) -> String) {
            guard !rows.isEmpty else { return }
            var start = 0
            while rows.count - start > Self.rowsPerStatement {
                let chunk = Array(rows[start..<start + Self.rowsPerStatement])
                var sql = PostgresQuery.StringInterpolation(literalCapacity: 512, interpolationCount: 16)
                insert(chunk)(&sql)
                statements.append((PostgresQuery(stringInterpolation: sql), "saving " + describe(chunk)))
                start += Self.rowsPerStatement
            }
            parts.append((name, insert(Array(rows[start...]))))
        }
        let context = [self.context, tail?.context ?? ""].filter { !$0.isEmpty }.joined(separator: " and ")
        add("saved_conversations", conversations, Self.insertConversations, Self.describe)
        add("appended_events", events, Self.insertEvents, Self.describe)
        add("queued_messages", outbox, Self.insertOutbox, Self.describe)
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 512, interpolationCount: 16)
        if parts.isEmpty, let tail {
            tail.part(&sql)
        } else if parts.count == 1 && tail == nil {
            parts[0].write(&sql)
        } else {
            // A data-modifying WITH runs whether or not the outer statement reads it. The
            // parts touch different tables, so none needs to see another's rows.
            for (index, part) in parts.enumerated() {
                sql.appendLiteral(index == 0 ? "WITH \(part.name) AS (" : ", \(part.name) AS (")
                part.write(&sql)
                sql.appendLiteral(")\n")
            }
            if let tail { tail.part(&sql) } else { sql.appendLiteral("SELECT 1") }
        }
        statements.append((PostgresQuery(stringInterpolation: sql), context))
        return statements
    }

    /// What the held writes are, for errors: user ids shortened, and long lists summed up.
    private var context: String {
        let parts = [Self.describe(conversations), Self.describe(events), Self.describe(outbox)].filter { !$0.isEmpty }
        return parts.isEmpty ? "" : "saving " + parts.joined(separator: ", ")
    }

    /// The first few of `items`, then how many more there are.
    private static func list(_ items: [String], more: String) -> String {
        let shown = items.prefix(3).joined(separator: ", ")
        return items.count > 3 ? "\(shown) and \(items.count - 3) more \(more)" : shown
    }

    private static func describe(_ rows: [SavedConversation]) -> String {
        list(rows.map { "conversation of \(Redaction.user($0.userID))" }, more: "conversations")
    }

    private static func describe(_ rows: [RequestEvent]) -> String {
        list(rows.map { "\($0.kind.rawValue) event of request #\($0.request)" }, more: "events")
    }

    private static func describe(_ rows: [(message: OutboundMessage, at: Date)]) -> String {
        list(rows.map { "a message for \(Redaction.user($0.message.recipient))" }, more: "messages")
    }

    /// A value of a held row, bound as a parameter.
    private enum Value {
        case text(String?)
        case integer(Int64)
    }

    /// Appends `INSERT INTO <table> (<columns>) VALUES (…), (…)`, one row per element of
    /// `rows`, in order, then `tail`.
    private static func insert(into table: String, _ columns: String, _ rows: [[Value]], tail: String = "",
                               _ sql: inout PostgresQuery.StringInterpolation) {
        sql.appendLiteral("INSERT INTO \(table) (\(columns)) VALUES ")
        for (index, row) in rows.enumerated() {
            sql.appendLiteral(index == 0 ? "(" : ", (")
            for (column, value) in row.enumerated() {
                if column > 0 { sql.appendLiteral(", ") }
                switch value {
                case .text(let text): sql.appendInterpolation(text)
                case .integer(let number): sql.appendInterpolation(number)
                }
            }
            sql.appendLiteral(")")
        }
        sql.appendLiteral(tail)
    }

    private static func insertConversations(_ rows: [SavedConversation]) -> Part {
        { sql in insert(into: "conversation", "user_id, state, updated_at",
                    rows.map { [.text($0.userID), .text($0.state), .integer($0.updatedAt.millisecondsSince1970)] },
                    tail: " ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at", &sql) }
    }

    private static func insertEvents(_ rows: [RequestEvent]) -> Part {
        { sql in insert(into: "event", "request, kind, actor, at, note",
                    rows.map { [.integer(Int64($0.request)), .text($0.kind.rawValue), .text($0.actor),
                                  .integer($0.at.millisecondsSince1970), .text($0.note)] }, &sql) }
    }

    private static func insertOutbox(_ rows: [(message: OutboundMessage, at: Date)]) -> Part {
        { sql in insert(into: "outbox", "recipient, text, origin, created_at, state, attempts, notice",
                    rows.map { [.text($0.message.recipient), .text($0.message.text), .text($0.message.origin),
                                  .integer($0.at.millisecondsSince1970), .text(OutboxEntry.State.pending.rawValue), .integer(0),
                                  .text($0.message.notice?.stored)] },
                    &sql) }
    }
}
