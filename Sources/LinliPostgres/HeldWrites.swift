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

    /// The held writes as one statement, with what it does for errors, or nil when there
    /// are none; the writes are forgotten.
    func take() -> (query: PostgresQuery, context: String)? {
        if conversations.isEmpty && events.isEmpty && outbox.isEmpty { return nil }
        return statement(endingWith: nil)
    }

    /// The held writes and `tail` (a data-modifying statement, with what it does) as one
    /// statement, with what it does for errors; the writes are forgotten.
    func take(endingWith tail: (part: Part, context: String)) -> (query: PostgresQuery, context: String) {
        statement(endingWith: tail)
    }

    private func statement(endingWith tail: (part: Part, context: String)?) -> (query: PostgresQuery, context: String) {
        var parts: [(name: String, write: Part)] = []
        if !conversations.isEmpty { parts.append(("saved_conversations", insertConversations)) }
        if !events.isEmpty { parts.append(("appended_events", insertEvents)) }
        if !outbox.isEmpty { parts.append(("queued_messages", insertOutbox)) }
        let context = [self.context, tail?.context ?? ""].filter { !$0.isEmpty }.joined(separator: " and ")
        defer { conversations = []; events = []; outbox = [] }
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
        return (PostgresQuery(stringInterpolation: sql), context)
    }

    /// What the held writes are, for errors.
    private var context: String {
        var parts = conversations.map { "conversation of \($0.userID)" }
        parts += events.map { "\($0.kind.rawValue) event of request #\($0.request)" }
        parts += outbox.map { "a message for \($0.message.recipient)" }
        return parts.isEmpty ? "" : "saving " + parts.joined(separator: ", ")
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

    private func insertConversations(_ sql: inout PostgresQuery.StringInterpolation) {
        Self.insert(into: "conversation", "user_id, state, updated_at",
                    conversations.map { [.text($0.userID), .text($0.state), .integer($0.updatedAt.millisecondsSince1970)] },
                    tail: " ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at", &sql)
    }

    private func insertEvents(_ sql: inout PostgresQuery.StringInterpolation) {
        Self.insert(into: "event", "request, kind, actor, at, note",
                    events.map { [.integer(Int64($0.request)), .text($0.kind.rawValue), .text($0.actor),
                                  .integer($0.at.millisecondsSince1970), .text($0.note)] }, &sql)
    }

    private func insertOutbox(_ sql: inout PostgresQuery.StringInterpolation) {
        Self.insert(into: "outbox", "recipient, text, origin, created_at, state, attempts",
                    outbox.map { [.text($0.message.recipient), .text($0.message.text), .text($0.message.origin),
                                  .integer($0.at.millisecondsSince1970), .text(OutboxEntry.State.pending.rawValue), .integer(0)] },
                    &sql)
    }
}
