import Foundation

/// The media downloads owed and the media kept, inside a store transaction.
///
/// Jobs are leased like outbox rows: a server takes due jobs for a while, and a job whose
/// lease ran out (its server stopped mid-download) is due again for anyone.
public protocol MediaLedger {
    /// Queues `job` (its id is ignored) and returns its id.
    @discardableResult
    func queueMediaDownload(_ job: MediaJob) throws -> Int64

    /// Leases to `owner`, until `leaseUntil`, up to `limit` pending jobs due at `date` and not
    /// leased with time left (to anyone: the owner's own are being downloaded); oldest first.
    func claimMediaJobs(limit: Int, owner: String, at date: Date, leaseUntil: Date) throws -> [MediaJob]

    /// Records how job `id`'s attempt ended and ends `owner`'s lease; false, recording
    /// nothing, when the job is not (any more) leased to `owner`.
    func settleMediaJob(id: Int64, owner: String, _ settlement: MediaJob.Settlement) throws -> Bool

    /// Stores `media` unless bytes with its SHA-256 are kept already, and returns the id of
    /// the row that holds them.
    func storeMedia(_ media: StoredMedia) throws -> Int64

    /// The media kept under `id`, bytes included.
    func media(id: Int64) throws -> StoredMedia?

    /// The newest job of each of `attachments` that has one, by attachment text.
    func mediaJobs(attachments: [String]) throws -> [String: MediaJob]

    /// Counts one download on `channel` for `day` (`2026-12-06`) when fewer than `limit` are
    /// counted; false when the day's quota is used up.
    func countMediaDownload(channel: String, day: String, limit: Int) throws -> Bool

    /// Up to `limit` jobs queued before `date` with ids above `afterID`, in any state, by id
    /// (for retention, which pages through them).
    func mediaJobs(createdBefore date: Date, afterID: Int64, limit: Int) throws -> [MediaJob]

    /// Deletes the jobs `ids`.
    func forgetMediaJobs(ids: [Int64]) throws

    /// Deletes the media no job refers to, and returns how many went.
    func deleteUnreferencedMedia() throws -> Int
}
