import Foundation
import LinliCore
import LinliGateways
import Logging
import Metrics
import ServiceLifecycle

extension DeliveryService {
    /// One pass over the pending outbox: sends every row that is due, oldest first, at most
    /// `batchSize`, and records each outcome. Returns how many rows were attempted.
    ///
    /// Passes do not overlap: a call while another pass runs returns 0 at once.
    ///
    /// - Throws: the store's error when the outbox cannot be read or an outcome cannot be
    ///   recorded; the rows not yet recorded stay pending and are sent again.
    public func drainOnce() async throws -> Int {
        guard let plan = await schedule.beginPass() else { return 0 }
        var due = plan.due
        var waiting = 0
        var attempted = 0
        do {
            var attemptedHere = Set<Int64>()
            // Rows waiting for a retry, and the rows queued behind them, fill the front of the
            // oldest-first list; the window grows past them so other recipients keep moving.
            var limit = configuration.batchSize + plan.skippedLastPass
            while true {
                let window = limit
                let rows = try await onStoreQueue { [store] in try store.pendingOutbox(limit: window) }
                var blocked = Set<String>()
                var stopped = false
                waiting = 0
                for row in rows {
                    let recipient = row.message.recipient
                    let wait = attemptedHere.contains(row.id)  // retried earlier in this pass
                        || blocked.contains(recipient)
                        || (due[row.id].map { $0 > elapsed() } ?? false)
                    if wait {
                        blocked.insert(recipient)
                        waiting += 1
                        continue
                    }
                    if attempted >= configuration.batchSize || Task.isShuttingDownGracefully {
                        stopped = true
                        break
                    }
                    attempted += 1
                    attemptedHere.insert(row.id)
                    let outcome = await courier.send(row.message)
                    if try await record(outcome, for: row) {
                        due[row.id] = elapsed() + Self.backoff(afterAttempts: row.attempts + 1, base: configuration.baseBackoff)
                        blocked.insert(recipient)
                        waiting += 1
                    } else {
                        due[row.id] = nil
                    }
                }
                if rows.count < window {
                    // The whole pending list was seen: forget rows that left it some other way.
                    let pending = Set(rows.map(\.id))
                    due = due.filter { pending.contains($0.key) }
                    break
                }
                if stopped || attempted >= configuration.batchSize || waiting == 0 {
                    break
                }
                limit = max(waiting + configuration.batchSize - attempted, window * 2)
            }
        } catch {
            await schedule.endPass(due: due, skipped: waiting)
            throw error
        }
        await schedule.endPass(due: due, skipped: waiting)
        return attempted
    }

    /// Records `outcome` of an attempt at `row`; returns whether the row waits for a retry.
    private func record(_ outcome: DeliveryOutcome, for row: OutboxEntry) async throws -> Bool {
        let id = row.id
        let attempt = row.attempts + 1
        var metadata: Logger.Metadata = [
            "linli.outbox.id": "\(id)",
            "linli.outbox.channel": "\(Self.channel(of: row.message.recipient))",
            "linli.outbox.attempt": "\(attempt)",
        ]
        switch outcome {
        case .delivered:
            try await onStoreQueue { [store] in try store.recordDelivery(id: id, state: .delivered, error: nil) }
            count("delivered", row)
            logger.debug("outbox row delivered", metadata: metadata)
            return false
        case .failed(let reason):
            // The resident cannot be reached on this channel (e.g. 45015: silent over 48 hours);
            // the staff member whose reply it was is told, in the same write.
            try await recordFailure(row, error: reason, metadata: &metadata)
            count("failed", row)
            metadata["linli.outbox.reason"] = "\(reason)"
            logger.warning("outbox row failed permanently", metadata: metadata)
            return false
        case .retry(let reason) where attempt >= configuration.maxAttempts:
            let note = "gave up after \(attempt) attempts: \(reason)"
            try await recordFailure(row, error: note, metadata: &metadata)
            count("failed", row)
            metadata["linli.outbox.reason"] = "\(reason)"
            logger.warning("outbox row failed after the last retry", metadata: metadata)
            return false
        case .retry(let reason):
            try await onStoreQueue { [store] in try store.recordDelivery(id: id, state: .pending, error: reason) }
            count("retry", row)
            metadata["linli.outbox.reason"] = "\(reason)"
            logger.info("outbox row will be retried", metadata: metadata)
            return true
        }
    }

    /// Marks `row` failed and queues the notice to its origin, if it earns one.
    private func recordFailure(_ row: OutboxEntry, error: String, metadata: inout Logger.Metadata) async throws {
        let notice = DeliveryNotice.make(for: row, reason: error, responses: responses)
        let date = now()
        try await onStoreQueue { [store] in try store.recordFailure(id: row.id, error: error, notice: notice, at: date) }
        metadata["linli.outbox.notice"] = "\(notice != nil)"
    }

    /// The wait after the `attempts`-th failed attempt: `base`, then doubling, capped at
    /// 2^16 × base so a large `maxAttempts` cannot overflow.
    static func backoff(afterAttempts attempts: Int, base: Duration) -> Duration {
        let exponent = min(max(attempts - 1, 0), 16)
        return base * (1 << exponent)
    }

    /// The recipient's channel, as a metric dimension with few values.
    static func channel(of recipient: String) -> String {
        let channel = recipient.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        return ["wechat", "wecom", "webhook"].contains(channel) ? channel : "other"
    }

    private func count(_ outcome: String, _ row: OutboxEntry) {
        Counter(label: "linli_outbox_attempts_total",
                dimensions: [("outcome", outcome), ("channel", Self.channel(of: row.message.recipient))]).increment()
    }

    /// Runs a blocking store call on the service's own queue.
    func onStoreQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            storeQueue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
