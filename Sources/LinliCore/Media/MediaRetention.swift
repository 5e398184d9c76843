import Foundation

/// Which kept media have served their purpose: those of requests closed (resolved, rated or
/// cancelled) before the retention horizon, and those no request holds any more (a form
/// never sent, a resident's data erased).
public enum MediaRetention {
    /// What one batch did.
    public struct Batch: Sendable, Equatable {
        /// Jobs looked at; fewer than the limit means the last batch.
        public var jobs: Int
        /// The highest job id looked at: the next batch starts after it.
        public var lastID: Int64
        /// Media rows deleted.
        public var media: Int
    }

    /// Forgets, in `transaction`, the downloads queued before `closedBefore` (ids above
    /// `afterID`, at most `limit` looked at) whose request closed before it or that no
    /// request holds, then the media no download refers to.
    public static func prune(in transaction: any StoreTransaction, closedBefore: Date, afterID: Int64 = 0, limit: Int) throws -> Batch {
        // A request closed before the horizon got its attachments before it too.
        let jobs = try transaction.mediaJobs(createdBefore: closedBefore, afterID: afterID, limit: limit)
        var requestsOf: [String: [ServiceRequest]] = [:]
        var spent: [Int64] = []
        for job in jobs {
            let holder: ServiceRequest?
            if let number = job.closing {
                holder = try transaction.request(number: number)
            } else {
                if requestsOf[job.user] == nil { requestsOf[job.user] = try transaction.requests(RequestQuery(resident: job.user)) }
                holder = requestsOf[job.user]?.last { $0.attachments.contains(job.attachment) }
            }
            guard let holder, holder.attachments.contains(job.attachment) else {
                spent.append(job.id)
                continue
            }
            if let closed = try closedAt(holder, in: transaction), closed < closedBefore {
                spent.append(job.id)
            }
        }
        try transaction.forgetMediaJobs(ids: spent)
        return Batch(jobs: jobs.count, lastID: jobs.last?.id ?? afterID, media: try transaction.deleteUnreferencedMedia())
    }

    /// When `request` closed; nil while it is open.
    static func closedAt(_ request: ServiceRequest, in transaction: any StoreTransaction) throws -> Date? {
        switch request.status {
        case .resolved, .rated: return request.resolvedAt
        case .cancelled: return try transaction.events(request: request.number).last { $0.kind == .cancelled }?.at ?? request.openedAt
        default: return nil
        }
    }
}
