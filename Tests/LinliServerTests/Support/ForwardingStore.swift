import Foundation
import LinliCore
import LinliSQLite

/// A store double over the real SQLite store: every requirement goes to `inner` unless the
/// double says otherwise, so each double states only the behaviour it changes.
protocol ForwardingStore: Store {
    var inner: SQLiteStore { get }
}

extension ForwardingStore {
    func handleOnce(key: String, _ body: (any StoreTransaction) throws -> [String]) throws -> HandledMessage {
        try inner.handleOnce(key: key, body)
    }
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { try inner.write(body) }
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { try inner.read(body) }
    func claimOutbox(limit: Int) throws -> [OutboxEntry] { try inner.claimOutbox(limit: limit) }
    func outboxCounts() throws -> OutboxCounts { try inner.outboxCounts() }
    func requestCounts() throws -> RequestCounts { try inner.requestCounts() }
    func recordDelivery(id: Int64, state: OutboxEntry.State, error: String?) throws -> Bool {
        try inner.recordDelivery(id: id, state: state, error: error)
    }
    func ping() throws { try inner.ping() }
    func prune(inboxBefore: Date, outboxBefore: Date) throws -> PruneCounts {
        try inner.prune(inboxBefore: inboxBefore, outboxBefore: outboxBefore)
    }
    func erase(user: String, at date: Date) throws { try inner.erase(user: user, at: date) }
}
