/// What one `Store.prune` removed.
public struct PruneCounts: Sendable, Equatable {
    /// Dedupe rows of handled messages.
    public var inbox: Int
    /// Delivered or failed outbox rows.
    public var outbox: Int
    /// Stored media of requests closed long ago, or held by none.
    public var media: Int = 0

    /// Creates counts.
    public init(inbox: Int, outbox: Int) {
        self.inbox = inbox
        self.outbox = outbox
    }
}
