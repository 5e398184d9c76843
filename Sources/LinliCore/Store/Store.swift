import Foundation

/// Where linli keeps everything: conversations, requests and their history, the inbound
/// dedupe rows and the outbox. SQLite (embedded) and PostgreSQL implement it with the same
/// behaviour.
///
/// One handled message is one call of `handleOnce`: everything the handler writes through
/// the transaction, and the dedupe row with the replies, commit together or not at all.
public protocol Store: Sendable {
    /// Runs `body` in one write transaction for the inbound message `key`, records its
    /// replies under `key`, and commits. If `key` was handled before, `body` does not run and
    /// the recorded replies come back with `duplicate` set.
    func handleOnce(key: String, _ body: (any StoreTransaction) throws -> [String]) throws -> HandledMessage

    /// `handleOnce` for callers that need not wait: `completion` gets the result once it is
    /// committed. A store may return at once and complete on a thread of its own (SQLite's
    /// group commit); the default runs `handleOnce` on the calling thread, which it blocks.
    func handleOnce(key: String, _ body: @escaping @Sendable (any StoreTransaction) throws -> [String],
                    completion: @escaping @Sendable (Result<HandledMessage, any Error>) -> Void)

    /// `handleOnce(key:_:completion:)` for a message from `userID`, whose conversation
    /// `body` reads before anything else (as the engine's turns do). A store whose every
    /// read is a round trip may read that conversation together with the dedupe row; the
    /// default ignores the hint.
    func handleOnce(key: String, readingConversationOf userID: String,
                    _ body: @escaping @Sendable (any StoreTransaction) throws -> [String],
                    completion: @escaping @Sendable (Result<HandledMessage, any Error>) -> Void)

    /// Runs `body` in one write transaction with no dedupe row (staff tools, maintenance).
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T

    /// Runs `body` in a read-only transaction.
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T

    /// Claims up to `limit` pending outbox rows for delivery and returns them, oldest first.
    ///
    /// A store that several servers share leases the rows it returns to this process for a
    /// while (each call renews the lease of rows it returns again) and leaves out rows
    /// leased by another server, and the rows behind them of the same recipient, so that
    /// each row is sent by one server and in order per recipient. Only the delivery service
    /// should call it: anything that merely wants to know how much is queued asks
    /// `outboxCounts()`, which leases nothing.
    func claimOutbox(limit: Int) throws -> [OutboxEntry]

    /// How many outbox rows there are in each state. Reads only: it leases nothing, so
    /// another server may claim every pending row right after.
    func outboxCounts() throws -> OutboxCounts

    /// How many requests were ever opened, and how many of them are resolved now; counted by
    /// the database, without reading the requests.
    func requestCounts() throws -> RequestCounts

    /// Renews this store's lease of outbox row `id` just before sending it; false when the
    /// row is no longer this store's to send (its lease ran out and another server claimed
    /// it, or it is no longer pending), and then it must not be sent. A store that one
    /// process owns holds no leases, and the default answers true.
    func renewLease(ofOutboxRow id: Int64) throws -> Bool

    /// Records the outcome of a delivery attempt of row `id`. Returns false, recording
    /// nothing, when the store leases rows and row `id` is now leased to another server:
    /// that server's record stands.
    @discardableResult
    func recordDelivery(id: Int64, state: OutboxEntry.State, error: String?) throws -> Bool

    /// Records that row `id` will never be delivered (`error` says why), queues `notice`, the
    /// message telling whoever sent it, and appends `event` to its request's history (a
    /// call-back the staff owe the resident), in the same write where the store can. Returns
    /// false, recording, queueing and appending nothing, when row `id` is now leased to
    /// another server.
    @discardableResult
    func recordFailure(id: Int64, error: String, notice: OutboundMessage?, event: RequestEvent?, at date: Date) throws -> Bool

    /// Answers when the store is reachable (for health checks).
    func ping() throws

    /// Where gateway access tokens are shared between servers, with its blocking work run
    /// on `executor`; nil when the store serves one process only (SQLite), which then keeps
    /// its tokens in memory.
    func tokens(on executor: BlockingExecutor) -> (any TokenStore)?

    /// How many callers the store serves at once: a store with a pool of connections has no
    /// more, and a thread beyond them would only wait for one. The owner sizes the one
    /// ``BlockingExecutor`` that runs store work by it.
    var capacity: Int { get }

    /// Ends the store's own work and gives back what it holds (connections, the leases of
    /// outbox rows it has not sent), once nothing uses it any more: the server calls it at
    /// the end of a graceful shutdown. The store is not used after it.
    func close()

    /// Deletes the dedupe rows of messages handled before `inboxBefore` and the delivered
    /// or failed outbox rows written before `outboxBefore`; pending rows stay whatever their
    /// age. Works in small batches, each its own transaction, so that a large backlog never
    /// holds up the messages being handled meanwhile.
    ///
    /// A message retried after its dedupe row is gone is handled again: the horizon must
    /// be longer than any platform retries.
    func prune(inboxBefore: Date, outboxBefore: Date) throws -> PruneCounts

    /// Removes what the store keeps about `user`, in one write transaction: their
    /// conversation, the dedupe rows of their messages, every outbox row addressed to them,
    /// and their part in requests (see `ServiceRequest.erasing(_:)`), each such request
    /// getting an `erased` event at `date`. The requests themselves stay, with their
    /// numbers, statuses and places, so reports count them as before.
    func erase(user: String, at date: Date) throws
}

extension Store {
    /// Two writes: the notice and event first, so that a crash in between can at worst tell
    /// the sender twice (the row stays pending and fails again), never not at all.
    @discardableResult
    public func recordFailure(id: Int64, error: String, notice: OutboundMessage?, event: RequestEvent?, at date: Date) throws -> Bool {
        if notice != nil || event != nil {
            try write { tx in
                if let notice { try tx.enqueue(notice, at: date) }
                if let event { try tx.append(event) }
            }
        }
        return try recordDelivery(id: id, state: .failed, error: error)
    }

    /// ``recordFailure(id:error:notice:event:at:)`` without an event.
    @discardableResult
    public func recordFailure(id: Int64, error: String, notice: OutboundMessage?, at date: Date) throws -> Bool {
        try recordFailure(id: id, error: error, notice: notice, event: nil, at: date)
    }

    /// One process per store, so no leases: every claimed row stays this store's.
    public func renewLease(ofOutboxRow id: Int64) throws -> Bool { true }

    /// Runs `handleOnce` on the calling thread, then `completion`.
    public func handleOnce(key: String, _ body: @escaping @Sendable (any StoreTransaction) throws -> [String],
                           completion: @escaping @Sendable (Result<HandledMessage, any Error>) -> Void) {
        completion(Result { try handleOnce(key: key, body) })
    }

    /// Ignores the hint: `handleOnce(key:_:completion:)`.
    public func handleOnce(key: String, readingConversationOf userID: String,
                           _ body: @escaping @Sendable (any StoreTransaction) throws -> [String],
                           completion: @escaping @Sendable (Result<HandledMessage, any Error>) -> Void) {
        handleOnce(key: key, body, completion: completion)
    }

    /// One process per store: tokens stay in memory.
    public func tokens(on executor: BlockingExecutor) -> (any TokenStore)? { nil }

    /// A store whose callers rarely wait (SQLite completes them from its own writer): as
    /// many as the server has messages in flight.
    public var capacity: Int { 128 }

    /// Nothing to give back.
    public func close() {}
}

/// How many outbox rows are in each state.
public struct OutboxCounts: Sendable, Equatable {
    /// Rows waiting for delivery (leased or not).
    public var pending: Int
    /// Rows delivered.
    public var delivered: Int
    /// Rows given up on.
    public var failed: Int

    /// Creates counts; each defaults to zero.
    public init(pending: Int = 0, delivered: Int = 0, failed: Int = 0) {
        self.pending = pending
        self.delivered = delivered
        self.failed = failed
    }

    /// The counts from (state, count) pairs as a `GROUP BY state` answers them.
    ///
    /// - Throws: `CoreError(.storeFailure)` naming a state the store does not know.
    public init(byState rows: [(state: String, count: Int)]) throws {
        self.init()
        for (state, count) in rows {
            switch OutboxEntry.State(rawValue: state) {
            case .pending?: pending += count
            case .delivered?: delivered += count
            case .failed?: failed += count
            case nil: throw CoreError(.storeFailure, "counting the outbox: unknown state \(state)")
            }
        }
    }
}

/// How many requests were opened, and how many of them are resolved.
public struct RequestCounts: Sendable, Equatable {
    /// Every request ever opened.
    public var opened: Int
    /// Requests with a resolution now (a reopened request is no longer counted).
    public var resolved: Int

    /// Creates counts.
    public init(opened: Int, resolved: Int) {
        self.opened = opened
        self.resolved = resolved
    }
}

/// The replies to one inbound message, and whether they were recorded earlier.
public struct HandledMessage: Sendable, Equatable {
    /// The replies, in order.
    public var replies: [String]
    /// Whether the message had been handled before and these are the recorded replies.
    public var duplicate: Bool

    /// Creates a result.
    public init(replies: [String], duplicate: Bool) {
        self.replies = replies
        self.duplicate = duplicate
    }
}

/// What a handler may read and write inside one store transaction; the console's sign-in
/// records (`ConsoleCredentials`), the published tasks (`TaskLedger`), the report's
/// aggregates (`ReportReading`), 订阅通知 consents (`NoticeConsentStore`), the 双报到
/// members and units (`MemberRoll`), the confirmed matches of the three lists (`MatchLedger`)
/// and the media of requests (`MediaLedger`) included.
public protocol StoreTransaction: ConsoleCredentials, TaskLedger, ReportReading, NoticeConsentStore, MemberRoll, MatchLedger, MediaLedger {
    /// The user's conversation, if any.
    func conversation(for userID: String) throws -> Conversation?
    /// Saves the user's conversation.
    func save(_ conversation: Conversation) throws

    /// Takes the next request number from the store's sequence.
    func nextRequestNumber() throws -> Int
    /// Inserts or replaces a request by number.
    func save(_ request: ServiceRequest) throws
    /// Saves `request` with `follower` among its followers (added last unless already one).
    /// `request` must be as read in this transaction, so that a store may write the new
    /// follower alone when the request is stored; one not stored yet is saved whole, as the
    /// default always does.
    func save(_ request: ServiceRequest, addingFollower follower: String) throws
    /// Adds `follower` to the followers of stored request `number` (last, unless already
    /// one) and changes nothing else of it. A store may write the follower alone; the
    /// default reads the request and saves it with `save(_:addingFollower:)`.
    ///
    /// - Throws: `CoreError(.unknownRequest)` when no request has that number.
    func addFollower(_ follower: String, toRequest number: Int) throws
    /// The request with `number`, if any.
    func request(number: Int) throws -> ServiceRequest?
    /// Requests matching `query`, oldest first.
    func requests(_ query: RequestQuery) throws -> [ServiceRequest]
    /// Requests matching `listing`, newest first (by opening, then number), at most
    /// `listing.limit`: the console's queue. The default reads the query whole
    /// (`requestsRead(_:)`); a store narrows and limits in SQL.
    func requests(_ listing: RequestListing) throws -> [ServiceRequest]
    /// The number and resident of the first of `requests(query)` that `resident` did not
    /// open (they may follow it), or nil; for callers that need no more of it, such as
    /// finding the request a repeated report joins. A store may answer without reading
    /// bodies or followers; the default filters `requests(query)`.
    func firstRequest(matching query: RequestQuery, notOpenedBy resident: String) throws -> RequestHead?

    /// Up to `limit` requests whose `alertAt` is at or before `date`, oldest alert first (then
    /// by number), for the deadline timer: it does their due steps and saves them with their
    /// next `alertAt` in this same transaction. Answered from the indexed `alert_at` column.
    ///
    /// A store that several servers share locks the rows it returns until the transaction
    /// ends and leaves out rows another transaction holds, so that two servers never take
    /// the same request at once; a store with one writer needs nothing more.
    func requestsDue(at date: Date, limit: Int) throws -> [ServiceRequest]

    /// Appends an event to a request's history.
    func append(_ event: RequestEvent) throws
    /// A request's history, oldest first.
    func events(request number: Int) throws -> [RequestEvent]
    /// Every event since `date` (all when nil), oldest first, for reports.
    func events(since date: Date?) throws -> [RequestEvent]

    /// Queues a message for later delivery.
    func enqueue(_ message: OutboundMessage, at date: Date) throws
}

extension StoreTransaction {
    /// Filters in memory: `requestsRead(_:)`.
    public func requests(_ listing: RequestListing) throws -> [ServiceRequest] {
        try requestsRead(listing)
    }

    /// Saves the whole request with the follower added.
    public func save(_ request: ServiceRequest, addingFollower follower: String) throws {
        try save(request.addingFollower(follower))
    }

    /// Reads the whole request and saves it with the follower added.
    public func addFollower(_ follower: String, toRequest number: Int) throws {
        guard let request = try request(number: number) else {
            throw CoreError(.unknownRequest, "cannot add follower \(Redaction.user(follower)): no request #\(number)")
        }
        try save(request, addingFollower: follower)
    }

    /// Reads the matching requests whole and takes the first that `resident` did not open.
    public func firstRequest(matching query: RequestQuery, notOpenedBy resident: String) throws -> RequestHead? {
        try firstRequestRead(matching: query, notOpenedBy: resident)
    }

    /// `firstRequest(matching:notOpenedBy:)` from `requests(query)` read whole: the default,
    /// and what a store falls back to for queries its columns cannot answer exactly.
    public func firstRequestRead(matching query: RequestQuery, notOpenedBy resident: String) throws -> RequestHead? {
        try requests(query).first { !$0.resident.isSameID(resident) }.map(RequestHead.init)
    }
}

/// Which request, and whose: what a lookup that needs no more of a request returns.
public struct RequestHead: Sendable, Equatable, Hashable {
    /// The request's number.
    public var number: Int
    /// The resident who opened it.
    public var resident: String

    /// Creates a head.
    public init(number: Int, resident: String) {
        self.number = number
        self.resident = resident
    }

    /// The head of `request`.
    public init(_ request: ServiceRequest) {
        self.init(number: request.number, resident: request.resident)
    }
}

/// A filter over requests.
public struct RequestQuery: Sendable, Equatable {
    /// Only these statuses (all when nil).
    public var statuses: Set<ServiceRequest.Status>?
    /// Only requests of this resident.
    public var resident: String?
    /// Only requests in these grids (all when nil).
    public var grids: Set<String>?
    /// Only requests of this intent.
    public var intent: String?
    /// Only requests opened at or after this date.
    public var openedSince: Date?
    /// Only requests whose community slot is this.
    public var community: String?
    /// Only requests whose building slot is this.
    public var building: String?

    /// Creates a query; every field defaults to no filter.
    public init(statuses: Set<ServiceRequest.Status>? = nil, resident: String? = nil, grids: Set<String>? = nil,
                intent: String? = nil, openedSince: Date? = nil, community: String? = nil, building: String? = nil) {
        self.statuses = statuses
        self.resident = resident
        self.grids = grids
        self.intent = intent
        self.openedSince = openedSince
        self.community = community
        self.building = building
    }

    /// Whether `request` matches; stores may use it to filter in memory.
    public func matches(_ request: ServiceRequest) -> Bool {
        if let statuses, !statuses.contains(request.status) { return false }
        if let resident, !request.resident.isSameID(resident) && !request.followers.containsID(resident) { return false }
        if let grids, !grids.contains(request.grid ?? "") { return false }
        if let intent, request.intent != intent { return false }
        if let openedSince, request.openedAt < openedSince { return false }
        if let community, request.slots["community"] != community { return false }
        if let building, request.slots["building"] != building { return false }
        return true
    }
}
