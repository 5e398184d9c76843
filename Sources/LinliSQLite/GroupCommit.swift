import Foundation
import GRDB
import LinliCore

/// Commits the messages that arrive while another commit is in flight together, with one
/// fsync, each in its own savepoint.
///
/// With `synchronous = FULL` a commit waits for the disk (milliseconds on real disks), and
/// one transaction per message caps a server at a few hundred messages a second. Here the
/// first caller leads: it takes every job queued so far, runs each in a savepoint of one
/// write transaction, commits, and wakes the callers; a job that throws is rolled back to
/// its savepoint alone. No caller returns before its message is on disk, so "write before
/// you answer" holds, and a message on its own still commits at once.
final class GroupCommit: @unchecked Sendable {
    /// One message waiting to be handled.
    final class Job: @unchecked Sendable {
        let key: String
        /// Dropped as soon as it has run: the caller's closure must not outlive its call.
        var body: ((any StoreTransaction) throws -> [String])?
        var result: Result<HandledMessage, any Error>?
        var leads = false
        /// Set for a caller that does not wait: called once the job's batch is committed.
        let completion: (@Sendable (Result<HandledMessage, any Error>) -> Void)?
        let wake = DispatchSemaphore(value: 0)

        init(key: String, body: @escaping (any StoreTransaction) throws -> [String],
             completion: (@Sendable (Result<HandledMessage, any Error>) -> Void)? = nil) {
            self.key = key
            self.body = body
            self.completion = completion
        }
    }

    private let lock = NSLock()
    private var queued: [Job] = []
    private var leaderActive = false
    private let queue: DatabaseQueue
    /// Leads batches when the next job's caller does not wait, so no caller's thread
    /// (perhaps one of Swift's cooperative pool) ever blocks on the disk for it.
    private let writer = DispatchQueue(label: "linli.sqlite.group-commit", qos: .userInitiated)
    /// The most jobs committed together; bounds a transaction's size and latency.
    private let maximumBatch = 256

    init(queue: DatabaseQueue) {
        self.queue = queue
    }

    /// Handles `key` with `body` in some batch, returning once that batch is committed.
    func handle(key: String, body: (any StoreTransaction) throws -> [String]) throws -> HandledMessage {
        // The closure runs on the leader's thread while this caller waits for it, so it
        // never outlives this call.
        try withoutActuallyEscaping(body) { body in
            let job = Job(key: key, body: body)
            lock.lock()
            queued.append(job)
            if leaderActive {
                lock.unlock()
                job.wake.wait()
                if !job.leads { return try job.result!.get() }
            } else {
                leaderActive = true
                lock.unlock()
            }
            lead(job)
            return try job.result!.get()
        }
    }

    /// Handles `key` with `body` in some batch without blocking the caller; `completion`
    /// gets the result, on the committing thread, once that batch is committed.
    func handle(key: String, body: @escaping @Sendable (any StoreTransaction) throws -> [String],
                completion: @escaping @Sendable (Result<HandledMessage, any Error>) -> Void) {
        let job = Job(key: key, body: body, completion: completion)
        lock.lock()
        queued.append(job)
        let starts = !leaderActive
        leaderActive = true
        lock.unlock()
        if starts { writer.async { self.lead(nil) } }
    }

    /// Commits batches until the next job's caller waits to lead, or none is left; `leader`
    /// is the waiting caller whose thread this is, nil on the writer queue.
    private func lead(_ leader: Job?) {
        while true {
            lock.lock()
            let batch = Array(queued.prefix(maximumBatch))
            queued.removeFirst(batch.count)
            lock.unlock()

            commit(batch)

            lock.lock()
            let next = queued.first
            if next == nil { leaderActive = false }
            lock.unlock()
            for job in batch where job !== leader {
                if let completion = job.completion { completion(job.result!) } else { job.wake.signal() }
            }
            guard let next else { return }
            if next.completion == nil {
                next.leads = true
                next.wake.signal()
                return
            }
            // The next caller does not wait: a waiting leader hands the work to the writer
            // queue and returns to its caller; the writer queue carries on.
            if leader != nil {
                writer.async { self.lead(nil) }
                return
            }
        }
    }

    private func commit(_ batch: [Job]) {
        do {
            try queue.write { db in
                for job in batch {
                    defer { job.body = nil }
                    do {
                        if let handled = try InboxRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM inbox WHERE key = ?"),
                                                                  arguments: [job.key]) {
                            job.result = .success(HandledMessage(replies: try handled.decodedReplies(), duplicate: true))
                            continue
                        }
                        // Raw cached savepoint statements: GRDB's inSavepoint prepares them anew
                        // each time, and a batch runs one per message.
                        try db.cachedStatement(sql: "SAVEPOINT message").execute()
                        do {
                            let replies = try job.body!(SQLiteTransaction(db: db))
                            let inbox = try InboxRecord(key: job.key, replies: replies, handledAt: Date())
                            // A cached statement rather than the record's insert, which builds its
                            // SQL and encodes through a container each time.
                            try db.cachedStatement(sql: "INSERT INTO inbox (key, replies, handled_at) VALUES (?, ?, ?)")
                                .execute(arguments: [inbox.key, inbox.replies, inbox.handledAt])
                            try db.cachedStatement(sql: "RELEASE SAVEPOINT message").execute()
                            job.result = .success(HandledMessage(replies: replies, duplicate: false))
                        } catch {
                            try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT message").execute()
                            try db.cachedStatement(sql: "RELEASE SAVEPOINT message").execute()
                            throw error
                        }
                    } catch {
                        job.result = .failure(Self.converted(error, "handling message \(Redaction.dedupeKey(job.key))"))
                    }
                }
            }
        } catch {
            for job in batch { job.body = nil }
            // The commit failed: nothing of the batch is on disk, so nobody may be answered.
            let failure = Self.converted(error, "committing \(batch.count) messages")
            for job in batch { job.result = .failure(failure) }
        }
    }

    /// Database errors as `CoreError`; a handler's own error unchanged.
    private static func converted(_ error: any Error, _ context: String) -> any Error {
        do {
            let _: Void = try withStoreErrors(context) { throw error }
            return error
        } catch {
            return error
        }
    }
}
